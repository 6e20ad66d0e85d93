from django.db import migrations


class Migration(migrations.Migration):
    """A position belongs to the record that states it; the apps copied it there first (run_before)."""

    dependencies = [
        ("danvan", "0004_shared_registers_kept_by_organization"),
    ]

    operations = [
        migrations.RemoveField(model_name="person", name="position"),
    ]
