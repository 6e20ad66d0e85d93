import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("danvan", "0003_historicalmembership_historicalorganization"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="document", name="document_unique_code_date"),
        migrations.AddField(
            model_name="document",
            name="organization",
            field=models.ForeignKey(
                blank=True,
                help_text="The issuing body of a decision; for a cited document, the body whose record cites it.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="documents",
                to="danvan.organization",
                verbose_name="kept by",
            ),
        ),
        migrations.AddField(
            model_name="historicalorganization",
            name="lock_version",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="organization",
            name="lock_version",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AlterField(
            model_name="person",
            name="organization",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="people",
                to="danvan.organization",
                verbose_name="kept by",
            ),
        ),
        migrations.AddConstraint(
            model_name="document",
            constraint=models.UniqueConstraint(
                fields=("organization", "code", "issued_on"), name="document_unique_keeper_code_date"
            ),
        ),
    ]
