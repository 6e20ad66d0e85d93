"""“Enter from an article”: the extractor pre-fills a conference form that the user checks and saves.

Every pre-filled value is shown with the sentence of the article it was read from, the words it was
read from marked, so that the user can check it before saving. The draft lives in the form only:
nothing is written until the user saves it.
"""

import secrets
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from conferences.extraction import Extraction, extract_conference, match_organization
from conferences.extraction.files import UnreadableFile, article_from_bytes
from conferences.forms import initial_values
from conferences.models import ConferenceKind
from conferences.services import ConferenceData
from danvan.models import Document, Organization, Person
from danvan.text import fold

# How the roles of the exchange shape map onto the roles of the minutes; any other is a delegate.
ATTENDEE_ROLES = {"chu_tri": "chu_tri", "du_chi_dao": "du_chi_dao", "phat_bieu": "bao_cao"}
# The longest stretch of a sentence shown on either side of the words a value was read from.
EXCERPT_CONTEXT = 140
PERIOD_LENGTH = 200
# Drafts whose evidence the session keeps while their form is being corrected: a few open tabs' worth.
SESSION_KEY = "article_drafts"
KEPT_DRAFTS = 5


@dataclass(frozen=True)
class Evidence:
    """One pre-filled value and the sentence it came from; `quote` is the part of it to mark."""

    label: str
    value: str
    sentence: str
    quote: str = ""

    def as_list(self) -> list[str]:
        return [self.label, self.value, self.sentence, self.quote]

    @property
    def excerpt(self) -> tuple[str, str, str, bool, bool]:
        """(before, marked, after, cut before, cut after): the sentence around the quoted words."""
        start = _find(self.sentence, self.quote) if self.quote else -1
        if start < 0:
            cut = len(self.sentence) > 2 * EXCERPT_CONTEXT
            return self.sentence[: 2 * EXCERPT_CONTEXT], "", "", False, cut
        end = start + len(self.quote)
        first = max(0, start - EXCERPT_CONTEXT)
        if first:
            first = self.sentence.find(" ", first) + 1 or first
        last = min(len(self.sentence), end + EXCERPT_CONTEXT)
        if last < len(self.sentence):
            space = self.sentence.rfind(" ", end, last)
            last = space if space > end else last
        return (
            self.sentence[first:start],
            self.sentence[start:end],
            self.sentence[end:last],
            first > 0,
            last < len(self.sentence),
        )


def _find(sentence: str, quote: str) -> int:
    """Where the quoted words start in the sentence, whatever their case and diacritics."""
    folded = fold(sentence)
    if len(folded) == len(sentence):  # folding keeps one letter per letter, so offsets carry over
        return folded.find(fold(quote))
    return sentence.casefold().find(quote.casefold())


@dataclass
class Draft:
    """What pre-fills the new-conference form, and what the user is shown beside it."""

    initial: dict
    rows: dict
    evidence: list[Evidence] = field(default_factory=list)
    organizer_warning: str = ""


def remember_draft(session, draft: Draft) -> str:
    """Keep the draft's evidence and warning in the session, so that a form error does not lose them."""
    token = secrets.token_urlsafe(8)
    drafts = dict(session.get(SESSION_KEY) or {})
    drafts[token] = {"evidence": [row.as_list() for row in draft.evidence], "warning": draft.organizer_warning}
    session[SESSION_KEY] = dict(list(drafts.items())[-KEPT_DRAFTS:])
    return token


def recalled_draft(session, token: str) -> Draft:
    """The evidence and warning kept for `token`; none when the session no longer has them."""
    kept = (session.get(SESSION_KEY) or {}).get(token) or {}
    evidence = [Evidence(*row) for row in kept.get("evidence", []) if isinstance(row, list) and len(row) == 4]
    return Draft({}, {}, evidence, kept.get("warning", ""))


def forget_draft(session, token: str) -> None:
    drafts = dict(session.get(SESSION_KEY) or {})
    if drafts.pop(token, None) is not None:
        session[SESSION_KEY] = drafts


def article_text(cleaned_data: dict) -> str:
    """The pasted text, or the text of the uploaded file; UnreadableFile when it cannot be read."""
    upload = cleaned_data.get("file")
    if not upload:
        return cleaned_data["text"]
    return article_from_bytes(b"".join(upload.chunks()), upload.name)


def article_data(extraction: Extraction) -> ConferenceData:
    """What the article says of its conference as the data of a draft: the one mapping from an extraction,
    both to the entry form (`forms.initial_values`) and to `services.write_conference`.

    `held_on` is None when the article gives no full date; the organizer is there only when it matched
    a stored organization.
    """
    fields = {
        "kind": extraction.kind.value if extraction.kind else "other",
        "title": (extraction.title.value if extraction.title else "")[:500],
        "held_on": extraction.date.value if extraction.date else None,
        "period": _period(extraction),
        "byline": (extraction.byline.value if extraction.byline else "")[:200],
    }
    if extraction.organization is not None:
        fields["organizer"] = extraction.organization
    return ConferenceData(
        fields,
        attendees=[
            {
                "name": person.name,
                "position": person.position or "",
                "role": ATTENDEE_ROLES.get(person.role, "dai_bieu"),
                "present": True,
            }
            for person in extraction.attendees
        ],
        documents=[
            {
                "code": document.code,
                "issued_on": document.date,
                "issuer_name": (document.issuer or "")[:200],
                "title": (document.title or "")[:500],
                "relation": document.relation,
            }
            for document in extraction.documents
        ],
        figures=[
            {"indicator": figure.text[:300], "value": figure.value, "unit": figure.unit[:60]}
            for figure in extraction.statistics
        ],
        directives=[{"text": directive.text} for directive in extraction.directives],
        commendations=_commendation_rows(extraction.commendations),
    )


def _period(extraction: Extraction) -> str:
    """The period reviewed, whole ("10 năm thực hiện Nghị quyết số 25-NQ/TW"), never cut inside a word."""
    if not extraction.period:
        return ""
    period = extraction.period.value
    return period if len(period) <= PERIOD_LENGTH else period[:PERIOD_LENGTH].rsplit(" ", 1)[0]


def _commendation_rows(commendations) -> list[dict]:
    """One row per kind of recipient the article counts."""
    if commendations is None:
        return []
    counts = {"collective": commendations.collectives, "individual": commendations.individuals}
    return [
        {"recipient_kind": kind, "count": count, "form": commendations.form}
        for kind, count in counts.items()
        if count is not None
    ]


def prefilled_conference(text: str, user) -> Draft | None:
    """The draft an article gives the user; None when the text says nothing a conference form could use."""
    editable = Organization.objects.editable_by(user)
    extraction = extract_conference(text, organizations=editable)
    if not (extraction.date or extraction.attendees or extraction.documents or extraction.directives):
        return None
    warning = _organizer_warning(extraction)
    _complete_from_register(extraction, user)
    data = article_data(extraction)
    known = set(
        Person.objects.visible_to(user)
        .filter(search_name__in=[fold(row["name"]) for row in data.attendees])
        .values_list("search_name", flat=True)
    )
    initial, rows = initial_values(data)
    return Draft(initial, rows, _evidence(extraction, known), warning)


def _organizer_warning(extraction: Extraction) -> str:
    """Why the organizing body is left for the user to choose, when the article names one."""
    if extraction.organizer is None or extraction.organization is not None:
        return ""
    named = extraction.organizer.value
    if match_organization(named, Organization.objects.all()) is not None:
        message = _("The article names “%(name)s” as the organizer: it is outside the organizations you enter for.")
    else:
        message = _("The article names “%(name)s” as the organizer: none of the organizations you enter for.")
    return message % {"name": named} + " " + _("Choose the organizing body yourself.")


def _complete_from_register(extraction: Extraction, user) -> None:
    """A document's issuer and subject the article leaves out, from the register of documents the user sees."""
    missing = [document for document in extraction.documents if not (document.issuer and document.title)]
    if not missing:
        return
    stored: dict[str, list[Document]] = {}
    for document in Document.objects.visible_to(user).filter(code__in=[d.code for d in missing]):
        stored.setdefault(document.code, []).append(document)
    completed = []
    for document in extraction.documents:
        # The same number and date first; a number alone is enough when the article gives no date.
        candidates = sorted(
            stored.get(document.code, []), key=lambda known: (known.issued_on != document.date, known.pk)
        )
        known = next((c for c in candidates if document.date in (None, c.issued_on)), None)
        if known:
            document = document.completed(known.issuer_name or None, known.title or None, known.issued_on)
        completed.append(document)
    extraction.documents = completed


def _kind_label(kind: str) -> str:
    return str(ConferenceKind(kind).label) if kind in ConferenceKind.values else kind


def _evidence(extraction: Extraction, known_people: set[str]) -> list[Evidence]:
    evidence = []
    shown = (
        (_("Date"), extraction.date, lambda day: day.strftime("%d/%m/%Y")),
        (_("Organizing body"), extraction.organizer, str),
        (_("Kind"), extraction.kind, _kind_label),
        (_("Title"), extraction.title, str),
        (_("Period reviewed"), extraction.period, str),
        (_("Byline"), extraction.byline, str),
    )
    for label, found, show in shown:
        if found:
            evidence.append(Evidence(label, show(found.value), found.evidence, found.quote))
    for person in extraction.attendees:
        note = _("already in the person register") if fold(person.name) in known_people else _("new person")
        value = f"{person.name} – {person.position or ''} ({note})"
        evidence.append(Evidence(_("Attendee"), value, person.evidence, person.name))
    for document in extraction.documents:
        evidence.append(Evidence(_("Document"), document.code, document.evidence, document.quote))
    for figure in extraction.statistics:
        evidence.append(Evidence(_("Figure"), f"{figure.value} {figure.unit}", figure.evidence, figure.text))
    if extraction.commendations:
        for sentence, quote in extraction.commendations.quotes:
            evidence.append(Evidence(_("Commendations"), quote, sentence, quote))
    for directive in extraction.directives:
        evidence.append(Evidence(_("Directive"), directive.text, directive.evidence, directive.text[:80]))
    return evidence


__all__ = [
    "Draft",
    "Evidence",
    "UnreadableFile",
    "article_data",
    "article_text",
    "forget_draft",
    "prefilled_conference",
    "recalled_draft",
    "remember_draft",
]
