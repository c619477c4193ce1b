import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce


def where_recorded(apps, schema_editor):
    """Its introduction's locality, or the person's when it has none."""
    Connection = apps.get_model("people", "Connection")
    Introduction = apps.get_model("people", "Introduction")
    Person = apps.get_model("people", "Person")
    Connection.objects.update(
        locality_id=Coalesce(
            Subquery(Introduction.objects.filter(pk=OuterRef("introduction_id")).values("locality_id")),
            Subquery(Person.objects.filter(pk=OuterRef("person_id")).values("locality_id")),
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("localities", "0002_plausible_dates_and_population"),
        ("people", "0006_introduction_locality"),
    ]

    operations = [
        migrations.AddField(
            model_name="connection",
            name="locality",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="connections",
                to="localities.locality",
            ),
        ),
        migrations.RunPython(where_recorded, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="connection",
            name="locality",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="connections",
                to="localities.locality",
            ),
        ),
        migrations.AddIndex(
            model_name="connection",
            index=models.Index(
                fields=["locality", "connected_on"], name="connection_locality_date_idx"
            ),
        ),
    ]
