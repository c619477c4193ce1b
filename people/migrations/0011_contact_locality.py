import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def where_it_counted(apps, schema_editor):
    """Until now a contact counted where its introduction does: keep it there."""
    Contact = apps.get_model("people", "Contact")
    Introduction = apps.get_model("people", "Introduction")
    Contact.objects.update(
        locality_id=Subquery(
            Introduction.objects.filter(pk=OuterRef("introduction_id")).values("locality_id")
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("localities", "0003_communityasset_version"),
        ("people", "0010_record_dates_checked_on_the_model"),
    ]

    operations = [
        migrations.AddField(
            model_name="contact",
            name="locality",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="contacts",
                to="localities.locality",
            ),
        ),
        migrations.RunPython(where_it_counted, migrations.RunPython.noop),
    ]
