import datetime
from collections import defaultdict

from django.db import migrations, models

REFORM_DATE = datetime.date(2025, 7, 1)


def _period(organization) -> str:
    # As Organization.period says it on the day of this migration.
    start, end = organization.valid_from, organization.valid_until
    if start is None and end is None and organization.unit_id:
        if organization.unit.era == "from2025":
            start = REFORM_DATE
        else:
            end = REFORM_DATE - datetime.timedelta(days=1)

    def written(date):
        return f"{date.day:02d}/{date.month}/{date.year}"

    parts = [f"từ {written(start)}" if start else "", f"đến {written(end)}" if end else ""]
    return " ".join(part for part in parts if part)


def name_namesakes(apps, schema_editor):
    """Organizations stored before this migration that share a name get their periods."""
    Organization = apps.get_model("danvan", "Organization")
    namesakes = defaultdict(list)
    for organization in Organization.objects.select_related("unit").order_by("pk"):
        namesakes[organization.name].append(organization)
    changed = []
    for group in namesakes.values():
        if len({_period(organization) for organization in group}) > 1:  # the new column is empty otherwise
            for organization in group:
                organization.period_label = _period(organization)
                changed.append(organization)
    Organization.objects.bulk_update(changed, ["period_label"], batch_size=500)


class Migration(migrations.Migration):
    """Organizations that bear the same name in two eras are told apart by their periods."""

    dependencies = [
        ("danvan", "0005_remove_person_position"),
    ]

    operations = [
        migrations.AddField(
            model_name="organization",
            name="period_label",
            field=models.CharField(
                blank=True,
                editable=False,
                help_text="Set only while another organization bears the same name, e.g. “từ 01/7/2025”.",
                max_length=40,
                verbose_name="period shown with the name",
            ),
        ),
        migrations.AddIndex(
            model_name="organization",
            index=models.Index(fields=["name"], name="organization_name_idx"),
        ),
        migrations.RunPython(name_namesakes, migrations.RunPython.noop),
    ]
