import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("localities", "0003_communityasset_version"),
        ("reporting", "0001_value_settings_and_gdp_deflators"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="PublishedReport",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("scope_label", models.CharField(max_length=200, verbose_name="scope")),
                ("start", models.DateField()),
                ("end", models.DateField()),
                ("period_label", models.CharField(max_length=200, verbose_name="period")),
                (
                    "published_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                ("app_version", models.CharField(max_length=50)),
                (
                    "snapshot",
                    models.TextField(help_text="The report as published, as canonical JSON."),
                ),
                (
                    "checksum",
                    models.CharField(
                        help_text="Of the snapshot as it is now.",
                        max_length=64,
                        verbose_name="SHA-256 checksum",
                    ),
                ),
                (
                    "published_checksum",
                    models.CharField(
                        help_text="Differs from the checksum once a story has been withdrawn.",
                        max_length=64,
                        verbose_name="SHA-256 checksum as published",
                    ),
                ),
                (
                    "localities",
                    models.ManyToManyField(related_name="+", to="localities.locality"),
                ),
                (
                    "published_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["-published_at", "-pk"],
                "indexes": [
                    models.Index(fields=["-published_at", "-id"], name="publishedreport_newest_idx")
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("start__lte", models.F("end"))),
                        name="publishedreport_period_in_order",
                        violation_error_message="A report's period must start on or before "
                        "its end.",
                    )
                ],
            },
        ),
    ]
