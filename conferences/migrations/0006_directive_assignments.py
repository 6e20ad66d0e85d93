"""Each responsible unit gets its own share of a directive (status, completion date, latest progress).

The many-to-many table of `Directive.responsible_organizations` becomes the `DirectiveAssignment`
model without copying a row: the model is first declared over the existing table, then the table
is renamed and given its new columns. Until now one status stood for every unit, so each unit's
share starts from the directive's status, its completion date from the report that closed it.
"""

import django.db.models.deletion
from django.db import migrations, models

OLD_TABLE = "conferences_directive_responsible_organizations"
STORED_STATUSES = [("not_started", "not started"), ("in_progress", "in progress"), ("done", "done")]
BATCH = 1000


def share_status_with_each_unit(apps, schema_editor):
    Directive = apps.get_model("conferences", "Directive")
    DirectiveAssignment = apps.get_model("conferences", "DirectiveAssignment")
    DirectiveUpdate = apps.get_model("conferences", "DirectiveUpdate")

    newest_report, newest_by_unit = {}, {}
    reports = DirectiveUpdate.objects.order_by("reported_on", "pk").values_list(
        "pk", "directive_id", "organization_id", "reported_on", "status"
    )
    for pk, directive_id, organization_id, reported_on, status in reports.iterator(chunk_size=BATCH):
        newest_report[directive_id] = (reported_on, status)
        newest_by_unit[directive_id, organization_id] = pk
    # The directive's status was that of its newest report: when it says done, that report closed it.
    completed_on = {
        directive_id: reported_on for directive_id, (reported_on, status) in newest_report.items() if status == "done"
    }

    done = list(Directive.objects.filter(status="done", pk__in=list(completed_on)).only("pk"))
    for directive in done:
        directive.completed_on = completed_on[directive.pk]
    Directive.objects.bulk_update(done, ["completed_on"], batch_size=BATCH)

    assignments = list(
        DirectiveAssignment.objects.select_related("directive").only(
            "pk", "organization_id", "directive__id", "directive__status"
        )
    )
    for assignment in assignments:
        directive_id = assignment.directive.pk
        assignment.status = assignment.directive.status
        assignment.completed_on = completed_on.get(directive_id) if assignment.status == "done" else None
        assignment.latest_update_id = newest_by_unit.get((directive_id, assignment.organization_id))
    DirectiveAssignment.objects.bulk_update(
        assignments, ["status", "completed_on", "latest_update"], batch_size=BATCH
    )


class Migration(migrations.Migration):
    dependencies = [
        ("conferences", "0005_register_keepers"),
        ("danvan", "0004_shared_registers_kept_by_organization"),
    ]

    operations = [
        migrations.AddField(
            model_name="directive",
            name="completed_on",
            field=models.DateField(blank=True, editable=False, null=True, verbose_name="completed on"),
        ),
        migrations.AddField(
            model_name="historicaldirective",
            name="completed_on",
            field=models.DateField(blank=True, editable=False, null=True, verbose_name="completed on"),
        ),
        # The model as the existing table is: no database change.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="DirectiveAssignment",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        (
                            "directive",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="assignments",
                                to="conferences.directive",
                                verbose_name="directive",
                            ),
                        ),
                        (
                            "organization",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="directive_assignments",
                                to="danvan.organization",
                                verbose_name="responsible organization",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "responsible organization",
                        "verbose_name_plural": "responsible organizations",
                        "ordering": ["directive", "pk"],
                        "db_table": OLD_TABLE,
                        "unique_together": {("directive", "organization")},
                    },
                ),
                migrations.AlterField(
                    model_name="directive",
                    name="responsible_organizations",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="directives",
                        through="conferences.DirectiveAssignment",
                        to="danvan.organization",
                        verbose_name="responsible organizations",
                    ),
                ),
            ],
        ),
        # Then the table takes the model's own name and constraint, and the new columns.
        migrations.AlterUniqueTogether(name="directiveassignment", unique_together=set()),
        migrations.AlterModelTable(name="directiveassignment", table=None),
        migrations.AddConstraint(
            model_name="directiveassignment",
            constraint=models.UniqueConstraint(fields=("directive", "organization"), name="directive_assignment_unique"),
        ),
        migrations.AddField(
            model_name="directiveassignment",
            name="status",
            field=models.CharField(
                choices=STORED_STATUSES, default="not_started", editable=False, max_length=12, verbose_name="status"
            ),
        ),
        migrations.AddField(
            model_name="directiveassignment",
            name="completed_on",
            field=models.DateField(blank=True, editable=False, null=True, verbose_name="completed on"),
        ),
        migrations.AddField(
            model_name="directiveassignment",
            name="latest_update",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="conferences.directiveupdate",
                verbose_name="latest progress",
            ),
        ),
        # The audit trail of the responsible units keeps its rows under the through model's name.
        migrations.RenameModel(old_name="HistoricalDirective_responsible_organizations", new_name="HistoricalDirectiveAssignment"),
        migrations.AlterModelOptions(name="historicaldirectiveassignment", options={"verbose_name": "HistoricalDirectiveAssignment"}),
        migrations.AlterField(
            model_name="historicaldirectiveassignment",
            name="directive",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="conferences.directive",
                verbose_name="directive",
            ),
        ),
        migrations.AlterField(
            model_name="historicaldirectiveassignment",
            name="organization",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="danvan.organization",
                verbose_name="responsible organization",
            ),
        ),
        migrations.AddField(
            model_name="historicaldirectiveassignment",
            name="status",
            field=models.CharField(
                choices=STORED_STATUSES, default="not_started", editable=False, max_length=12, verbose_name="status"
            ),
        ),
        migrations.AddField(
            model_name="historicaldirectiveassignment",
            name="completed_on",
            field=models.DateField(blank=True, editable=False, null=True, verbose_name="completed on"),
        ),
        migrations.AddField(
            model_name="historicaldirectiveassignment",
            name="latest_update",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="conferences.directiveupdate",
                verbose_name="latest progress",
            ),
        ),
        migrations.RunPython(share_status_with_each_unit, migrations.RunPython.noop),
    ]
