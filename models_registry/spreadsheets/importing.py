"""Importing a checked sheet: every row as a draft, or none if a single row is wrong.

The drafts are created by the workflow service (`register_models_in_bulk`), as a form
creates one, in a few statements for any number of rows.
"""

import logging
import time

from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from danvan.organizations import committee_for
from models_registry.services import Registration, register_models_in_bulk
from models_registry.spreadsheets.checking import ImportCheck, ImportReport, RowError
from models_registry.spreadsheets.reading import Sheet

logger = logging.getLogger(__name__)

MODEL_COLUMNS = (
    "name",
    "subject_kind",
    "registering_unit_name",
    "registration_year",
    "phase",
    "address",
    "situation",
    "goals",
    "content_and_method",
    "starts_on",
    "ends_on",
)


def run_import(sheet: Sheet, user, *, dry_run: bool) -> ImportReport:
    """Check every row and, unless `dry_run`, create them all as drafts, or none if any row is wrong.

    An import checks and writes in one transaction, holding the lock of the units its rows name:
    two confirmations of the same file cannot both find no duplicate.
    """
    started = time.perf_counter()
    if dry_run:
        report = ImportReport.of(ImportCheck(sheet, user))
    else:
        with transaction.atomic():
            check = ImportCheck(sheet, user, lock=True)
            report = ImportReport.of(check)
            if report.ok:
                _create_or_report(check, report)
    report.seconds = time.perf_counter() - started
    return report


def _create_or_report(check: ImportCheck, report: ImportReport) -> None:
    try:
        with transaction.atomic():
            report.imported = _create(check)
    except DatabaseError:
        logger.exception("the database refused an import")
        report.errors.append(RowError(0, "", "", _("The database refused the import.")))


def _create(check: ImportCheck) -> int:
    """The checked rows as drafts of their unit's committee; the caller's transaction keeps it all or nothing."""
    committees = check.committees
    for unit in {values["unit"].pk: values["unit"] for values in check.valid}.values():
        if unit.pk not in committees:
            committees[unit.pk] = committee_for(unit)
    registrations = [
        Registration(
            organization=committees[values["unit"].pk],
            fields={"field_id": values["field"].pk, **{name: values[name] for name in MODEL_COLUMNS if name in values}},
            person_name=values.get("person_name", ""),
            person_position=values.get("person_position", ""),
        )
        for values in check.valid
    ]
    return len(register_models_in_bulk(registrations, acting_user=check.user))
