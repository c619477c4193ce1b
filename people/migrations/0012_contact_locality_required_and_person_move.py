# A migration of its own: PostgreSQL refuses to alter a table in the transaction that
# updated its rows (their foreign-key checks are still pending).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import lac.dates


class Migration(migrations.Migration):
    dependencies = [
        ("localities", "0003_communityasset_version"),
        ("people", "0011_contact_locality"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="contact",
            name="locality",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="contacts",
                to="localities.locality",
            ),
        ),
        migrations.AddIndex(
            model_name="contact",
            index=models.Index(fields=["locality", "contact_on"], name="contact_locality_date_idx"),
        ),
        migrations.CreateModel(
            name="PersonMove",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("moved_on", models.DateField(validators=[lac.dates.validate_record_date])),
                ("moved_at", models.DateTimeField(auto_now_add=True)),
                (
                    "from_locality",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="localities.locality",
                    ),
                ),
                (
                    "introduction",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="moves",
                        to="people.introduction",
                    ),
                ),
                (
                    "moved_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="moves",
                        to="people.person",
                    ),
                ),
                (
                    "to_locality",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="localities.locality",
                    ),
                ),
            ],
            options={
                "ordering": ["-moved_at", "-pk"],
                "indexes": [
                    models.Index(
                        fields=["introduction", "moved_on"], name="person_move_episode_date_idx"
                    )
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("from_locality", models.F("to_locality")), _negated=True),
                        name="personmove_to_another_locality",
                        violation_error_message="A move goes to another locality.",
                    )
                ],
            },
        ),
    ]
