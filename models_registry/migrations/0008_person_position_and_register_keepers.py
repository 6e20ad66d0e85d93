import django.db.models.deletion
from django.db import migrations, models

from danvan.register_keepers import split_by_keeper


def copy_positions_and_keepers(apps, schema_editor):
    EmulationModel = apps.get_model("models_registry", "EmulationModel")
    Recognition = apps.get_model("models_registry", "Recognition")
    Announcement = apps.get_model("models_registry", "Announcement")
    Person = apps.get_model("danvan", "Person")
    Document = apps.get_model("danvan", "Document")
    for model in EmulationModel.objects.filter(person__isnull=False).select_related("person"):
        model.person_position = model.person.position
        model.save(update_fields=["person_position"])
    split_by_keeper(Person, EmulationModel, "person", "registering_organization_id")
    split_by_keeper(Document, Recognition, "decision", "deciding_organization_id")
    # An announcement names the decision its own body issued, where there is one.
    for announcement in Announcement.objects.select_related("decision"):
        own = Document.objects.filter(
            organization=announcement.organization_id,
            code=announcement.decision.code,
            issued_on=announcement.decision.issued_on,
        ).first()
        if own is not None and own.pk != announcement.decision_id:
            announcement.decision = own
            announcement.save(update_fields=["decision"])


class Migration(migrations.Migration):
    dependencies = [
        ("danvan", "0004_shared_registers_kept_by_organization"),
        ("models_registry", "0007_queue_order_index"),
    ]
    run_before = [("danvan", "0005_remove_person_position")]

    operations = [
        migrations.AddField(
            model_name="emulationmodel",
            name="person_position",
            field=models.CharField(
                blank=True,
                help_text="As written in this registration.",
                max_length=300,
                verbose_name="position of the individual",
            ),
        ),
        migrations.AddField(
            model_name="historicalemulationmodel",
            name="person_position",
            field=models.CharField(
                blank=True,
                help_text="As written in this registration.",
                max_length=300,
                verbose_name="position of the individual",
            ),
        ),
        migrations.AlterField(
            model_name="announcement",
            name="decision",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="announcements",
                to="danvan.document",
                verbose_name="decision",
            ),
        ),
        migrations.RunPython(copy_positions_and_keepers, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="announcement",
            constraint=models.UniqueConstraint(fields=("decision", "organization"), name="announcement_once_per_body"),
        ),
    ]
