"""Certificates (giấy chứng nhận) of a recognition decision: one A4 landscape page per recognized model.

The deciding body issues them: its header (the same `party_header` as every party document) and
its signer head each page, dated the day of the decision. A decision recognizing hundreds of
models prints in parts of `PAGES_PER_PART` pages, joined with pypdf; after each part the report
records its progress, which its page shows while the worker prints. The Vietnamese words are the
fixed wording of the document, printed as is and never translated.
"""

from collections.abc import Callable
from io import BytesIO

from django.db.models import F
from django.utils import translation
from django.utils.text import capfirst
from pypdf import PdfWriter

from danvan.models import Document, Organization
from danvan.party_documents import party_header, signer
from danvan.pdf import render_to_pdf
from danvan.scoping import subtree_paths
from models_registry.models import Recognition, SubjectKind
from reports.figures.common import decision_wording, recognized_model_columns, scoped_models

TEMPLATE = "reports/certificates.html"
PAGES_PER_PART = 20
# A certificate page costs WeasyPrint about as much as this many table rows (measured: 0.10 s a page, 0.011 s a row).
ROWS_PER_CERTIFICATE = 9
LONG_NAMES = 140  # characters of the recipient's and the model's names together
LEVEL_WORDING = {"commune": "cấp xã", "district": "cấp huyện", "province": "cấp tỉnh", "central": "cấp Trung ương"}
TITLES = {SubjectKind.COLLECTIVE: "MÔ HÌNH “DÂN VẬN KHÉO”", SubjectKind.INDIVIDUAL: "ĐIỂN HÌNH “DÂN VẬN KHÉO”"}


def certificates(user, organization: Organization, decision: Document) -> dict:
    """One certificate per model the decision recognized, among the models the user may see under `organization`."""
    models = scoped_models(user, subtree_paths(organization))
    recognitions = (
        Recognition.objects.filter(decision=decision, emulation_model__in=models)
        .select_related("deciding_organization__unit", "deciding_organization__parent__unit")
        .order_by("emulation_model__registering_organization__path", "emulation_model__name", "pk")
    )
    first = recognitions.first()
    if first is None:
        return {"decision": decision_wording(decision.code, decision.issued_on), "issuer": None, "certificates": []}
    deciding = first.deciding_organization
    decided_on = first.decided_on
    header = party_header(deciding, number_code="", on=decided_on)
    authority, title = signer(deciding)
    rows = recognitions.values(
        "level",
        **recognized_model_columns(),
        position=F("emulation_model__person_position"),
    )
    return {
        "decision": decision_wording(decision.code, decided_on),
        "deciding_body": deciding.name,
        "issuer": {
            "letterhead_lines": header["letterhead_lines"],
            "number": header["number"],
            "place_date": header["place_date"],
            "signer_authority": authority,
            "signer_title": title,
        },
        "certificates": [_certificate(row) for row in rows],
    }


def _certificate(row: dict) -> dict:
    individual = row["subject_kind"] == SubjectKind.INDIVIDUAL
    recipient = (row["person"] if individual else row["carrier"]) or row["organization"]
    # Below the name: the individual's position, or the body the collective belongs to.
    remark = row["position"] if individual else (row["organization"] if row["carrier"] else "")
    return {
        "title": TITLES[row["subject_kind"]],
        "recipient": capfirst(recipient),
        "recipient_remark": remark,
        "individual": individual,
        "model": capfirst(row["name"]),
        "level": LEVEL_WORDING[row["level"]],
        # Long names are set smaller, to keep the certificate on its one page.
        "long": len(recipient) + len(row["name"]) > LONG_NAMES,
    }


def certificate_rows(data: dict) -> int:
    return len(data["certificates"]) * ROWS_PER_CERTIFICATE


def render_certificates(context: dict, progress: Callable[[int, int], None] | None = None) -> bytes:
    """The certificates in parts of PAGES_PER_PART pages, joined; `progress(done, total)` after each part."""
    pages = context["data"]["certificates"]
    total = len(pages)
    if total <= PAGES_PER_PART:
        pdf = _render_part(context, pages)
        if progress:
            progress(total, total)
        return pdf
    writer = PdfWriter()
    for start in range(0, total, PAGES_PER_PART):
        part = pages[start : start + PAGES_PER_PART]
        writer.append(BytesIO(_render_part(context, part)))
        if progress:
            progress(start + len(part), total)
    joined = BytesIO()
    writer.write(joined)
    return joined.getvalue()


def _render_part(context: dict, pages: list[dict]) -> bytes:
    with translation.override("vi"):
        return render_to_pdf(TEMPLATE, {**context, "certificates": pages})
