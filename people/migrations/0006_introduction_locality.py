import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def episodes_where_the_person_lives(apps, schema_editor):
    """Until now an episode's locality was its person's: start from that."""
    Introduction = apps.get_model("people", "Introduction")
    Person = apps.get_model("people", "Person")
    Introduction.objects.update(
        locality_id=Subquery(Person.objects.filter(pk=OuterRef("person_id")).values("locality_id"))
    )


class Migration(migrations.Migration):
    dependencies = [
        ("localities", "0002_plausible_dates_and_population"),
        ("people", "0005_contact_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="introduction",
            name="locality",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="introductions",
                to="localities.locality",
            ),
        ),
        migrations.RunPython(episodes_where_the_person_lives, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="introduction",
            name="locality",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="introductions",
                to="localities.locality",
            ),
        ),
        migrations.AddIndex(
            model_name="introduction",
            index=models.Index(fields=["locality", "introduced_on"], name="intro_locality_date_idx"),
        ),
    ]
