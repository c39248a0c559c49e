from django.db import migrations

ROLE = "政务公开联络员"


def create_role(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.get_or_create(name=ROLE)


def remove_role(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name=ROLE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0001_ledger_media_checks_notices"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_role, remove_role)]
