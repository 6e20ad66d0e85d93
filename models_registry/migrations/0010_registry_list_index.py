from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("models_registry", "0009_scoring_rubrics"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="emulationmodel",
            index=models.Index(
                fields=["field", "level_reached", "-registration_year", "name", "id", "status", "created_by"],
                name="model_field_level_order_idx",
            ),
        ),
    ]
