from django.db import migrations

from danvan.register_keepers import split_by_keeper


def keep_with_organizer(apps, schema_editor):
    Person = apps.get_model("danvan", "Person")
    Document = apps.get_model("danvan", "Document")
    split_by_keeper(Person, apps.get_model("conferences", "Attendee"), "person", "conference__organizer_id")
    split_by_keeper(
        Document, apps.get_model("conferences", "ConferenceDocument"), "document", "conference__organizer_id"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("danvan", "0004_shared_registers_kept_by_organization"),
        ("conferences", "0004_conference_list_indexes"),
    ]

    operations = [migrations.RunPython(keep_with_organizer, migrations.RunPython.noop)]
