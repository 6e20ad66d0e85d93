"""The rules of a recognition: who may decide it, when its decision may be dated, and its score sheets.

`perform` (in the workflow services) is the one way to record a recognition; it asks
`check_recognition` first. The recognition form offers `deciding_bodies`.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from danvan.documents import DocumentNumber
from danvan.models import Organization, OrganizationKind
from danvan.registers import line_of
from danvan.scoping import CENTRAL_PATH
from models_registry.models import LEVEL_ORDER, EmulationModel, Level
from models_registry.rubric_rules import missing_score_sheet

DECIDING_KINDS = [
    OrganizationKind.CENTRAL,
    OrganizationKind.PARTY_COMMITTEE,
    OrganizationKind.STANDING_COMMITTEE,
    OrganizationKind.MASS_MOBILIZATION_BOARD,
]


def deciding_bodies(model: EmulationModel, level: str):
    """The party bodies that may decide a recognition of `model` at `level`.

    The committee of exactly that level, its standing committee or its Ban Dân vận
    (Ban Tuyên giáo và Dân vận), on the registering organization's own line: the
    commune's own committee, the district and province above it, in the same era.
    """
    bodies = Organization.objects.filter(kind__in=DECIDING_KINDS)
    if level == Level.CENTRAL:
        return bodies.filter(path=CENTRAL_PATH)
    return bodies.filter(unit__level=level, path__in=line_of(model.registering_organization))


def submitted_on(model: EmulationModel) -> datetime.date | None:
    """When the model was last submitted; a record entered after the fact counts from its registration year."""
    at = model.transitions.filter(action="submit").order_by("-at", "-pk").values_list("at", flat=True).first()
    if at is None:
        return None
    return min(timezone.localdate(at), datetime.date(model.registration_year, 1, 1))


def check_recognition(model: EmulationModel, *, actor, decision, decided_on, deciding_organization) -> None:
    """Refuse, with ValidationError or PermissionDenied, a recognition that cannot be recorded as given."""
    if decision is None or decided_on is None or deciding_organization is None:
        raise ValidationError(
            {
                name: _("A recognition needs the deciding body, the decision number and its date.")
                for name, value in [
                    ("decision", decision),
                    ("decided_on", decided_on),
                    ("deciding_organization", deciding_organization),
                ]
                if value is None
            }
        )
    if not Organization.objects.editable_by(actor).filter(pk=deciding_organization.pk).exists():
        raise PermissionDenied
    refusals = recognition_refusals(
        model, decision=decision, decided_on=decided_on, deciding_organization=deciding_organization
    )
    if refusals:
        raise ValidationError(refusals)


def recognition_refusals(
    model: EmulationModel,
    *,
    decision: DocumentNumber,
    decided_on: datetime.date,
    deciding_organization: Organization,
    today: datetime.date | None = None,
) -> dict[str, str]:
    """Why a recognition of `model` at its review level cannot be recorded, by form field; empty when it can."""
    level = model.review_level
    refusals = {}
    if model.recognitions.filter(level=level).exists():
        refusals["__all__"] = _("This model is already recognized at %(level)s.") % {"level": Level(level).label}
    elif rubric := missing_score_sheet(model, level):
        refusals["__all__"] = _(
            "At %(level)s models are scored on “%(rubric)s”: at least one reviewer completes a score sheet "
            "before the recognition."
        ) % {"level": Level(level).label, "rubric": rubric.name}
    if not deciding_bodies(model, level).filter(pk=deciding_organization.pk).exists():
        refusals["deciding_organization"] = _(
            "%(body)s cannot decide a recognition at %(level)s: choose the party committee or its mass "
            "mobilization board of that level above the registering organization."
        ) % {"body": deciding_organization.name, "level": Level(level).label}
    elif not deciding_organization.is_valid_on(decided_on):
        refusals["deciding_organization"] = _("%(body)s did not exist on %(date)s.") % {
            "body": deciding_organization.name,
            "date": _day(decided_on),
        }
    if deciding_organization.issuer_code and decision.issuer_code != deciding_organization.issuer_code:
        refusals["decision"] = _(
            "The number %(number)s is issued by “%(issuer)s”; a decision of %(body)s ends in “/%(expected)s”."
        ) % {
            "number": decision.code,
            "issuer": decision.issuer_code,
            "body": deciding_organization.name,
            "expected": deciding_organization.issuer_code,
        }
    date_refusal = _decision_date_refusal(model, level, decided_on, today or timezone.localdate())
    if date_refusal:
        refusals["decided_on"] = date_refusal
    return refusals


def _decision_date_refusal(model, level: str, decided_on: datetime.date, today: datetime.date) -> str | None:
    if decided_on > today:
        return _("The decision date %(date)s is in the future.") % {"date": _day(decided_on)}
    submitted = submitted_on(model)
    if submitted and decided_on < submitted:
        return _("The decision date is before the model was submitted (%(date)s).") % {"date": _day(submitted)}
    below = LEVEL_ORDER[: LEVEL_ORDER.index(level)]
    lower = model.recognitions.filter(level__in=below).aggregate(latest=Max("decided_on"))["latest"]
    if lower and decided_on < lower:
        return _("The decision date is before the recognition at a lower level (%(date)s).") % {"date": _day(lower)}
    return None


def _day(date: datetime.date) -> str:
    return date_format(date, "SHORT_DATE_FORMAT")
