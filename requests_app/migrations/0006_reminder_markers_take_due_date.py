"""Give existing 依申请公开 reminder markers the due date they were sent for.

Markers written before reminders belonged to a due date have none; without one the
sweep would send each reminder of a running application once more. The application's
current due date is the best record of what they warned about.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ReminderSent = apps.get_model("portal", "ReminderSent")
    Application = apps.get_model("requests_app", "Application")
    content_type = ContentType.objects.filter(
        app_label="requests_app", model="application"
    ).first()
    if content_type is None:
        return
    markers = ReminderSent.objects.filter(content_type=content_type, due_on=None)
    due_dates = dict(
        Application.objects.filter(
            pk__in=[int(pk) for pk in markers.values_list("object_id", flat=True)]
        ).values_list("pk", "due_date")
    )
    for marker in markers.iterator():
        due = due_dates.get(int(marker.object_id))
        if due is not None:
            marker.due_on = due
            marker.save(update_fields=["due_on"])


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("portal", "0001_initial"),
        ("requests_app", "0005_filing_idempotency_keys"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
