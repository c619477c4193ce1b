from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("coordinators", "0003_user_manager"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="user",
            options={
                "ordering": ["first_name", "last_name", "username"],
                "permissions": [
                    (
                        "export_subject_access",
                        "Can export everything held about a person (subject access request)",
                    )
                ],
            },
        ),
    ]
