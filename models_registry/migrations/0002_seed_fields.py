from django.db import migrations

from models_registry.standard_fields import ensure_standard_fields


def seed(apps, schema_editor):
    ensure_standard_fields(apps.get_model("models_registry", "Field"))


class Migration(migrations.Migration):
    dependencies = [("models_registry", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
