"""One spec per report kind: everything the form, the command, the snapshot and the PDF ask of a kind.

A new kind is a `ReportKind` value, one spec below, one figures function (`reports/figures/`) and
one template (`templates/reports/`). Nothing else in the app branches on the kind. The Vietnamese
words are the fixed wording of party documents, printed as is and never translated.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from danvan.models import Document, Organization
from reports import certificates, figures
from reports.models import ReportKind
from reports.periods import Period


@dataclass(frozen=True)
class ReportRequest:
    """What the user asked for; `user` decides what is counted."""

    kind: str
    organization: Organization
    user: object
    period: Period | None = None
    decision: Document | None = None
    signer_name: str = ""
    number: str = ""
    recipients: tuple[str, ...] = ()


@dataclass(frozen=True)
class Chart:
    """A bar chart of the PDF: its title, its id and its (label, value) rows read from the figures."""

    title: str
    chart_id: str
    rows: Callable[[dict], list[tuple[str, int]]]


def table_rows(data: dict) -> int:
    return len(data["rows"])


@dataclass(frozen=True)
class KindSpec:
    figures: Callable[[ReportRequest, datetime.date], dict]  # the snapshot's data, as the user may see it
    subject: Callable[[ReportRequest], str]  # the trích yếu line under the title
    template: str
    document_kind: str  # the title: "BÁO CÁO", "DANH SÁCH"
    file_title: str  # the file name's first words: "Báo cáo tổng hợp Dân vận khéo"
    number_type: str = ""  # "BC": the document has a number of its own; lists carry none
    needs_period: bool = True
    needs_decision: bool = False
    row_count: Callable[[dict], int] = table_rows  # table rows of the PDF: what its printing time grows with
    charts: tuple[Chart, ...] = ()
    # The rows of the annex, printed in sections of ANNEX_SECTION_ROWS, each from a page of its own:
    # a long report's sections print in parallel and a reprint prints only those that changed.
    annex: Callable[[dict], list] | None = None
    # A kind printed its own way, in parts: render(context, progress) returns the PDF (certificates).
    render: Callable[[dict, Callable | None], bytes] | None = None


# About five landscape pages: a changed model reprints one section of 50 rows (a district's summary
# has 600), for half a page left blank at each join.
ANNEX_SECTION_ROWS = 50


def annex_sections(spec: KindSpec, data: dict) -> list[dict]:
    """The annex in sections: their rows and the number of rows printed before them (for the TT column)."""
    rows = spec.annex(data) if spec.annex else []
    return [
        {"rows": rows[start : start + ANNEX_SECTION_ROWS], "offset": start}
        for start in range(0, len(rows), ANNEX_SECTION_ROWS)
    ]


class KindRegistry(dict):
    def __missing__(self, kind):
        raise KeyError(f"No report kind {kind!r}: the kinds are {', '.join(self)}. Add a spec in reports/kinds.py.")


def _movement_subject(request: ReportRequest) -> str:
    review = "Sơ kết" if request.period.is_interim else "Tổng kết"
    return f"{review} phong trào thi đua “Dân vận khéo” {request.period.wording}"


def _movement_rows(data: dict) -> int:
    key_figures = sum(len(group["figures"]) + 1 for group in data["conferences"]["key_figures"])
    return len(data["matrix"]) + len(data["top_units"]) + len(data["annex"]) + key_figures


KINDS = KindRegistry(
    {
        ReportKind.MOVEMENT_SUMMARY: KindSpec(
            figures=lambda request, today: figures.movement_summary(request.user, request.organization, request.period),
            subject=_movement_subject,
            template="reports/movement_summary.html",
            document_kind="BÁO CÁO",
            file_title="Báo cáo tổng hợp Dân vận khéo",
            number_type="BC",
            row_count=_movement_rows,
            annex=lambda data: data["annex"],
            charts=(
                Chart(
                    "Mô hình được công nhận theo lĩnh vực",
                    "chart-field",
                    lambda data: [(row["label"], row["recognized"]) for row in data["matrix"]],
                ),
                Chart(
                    "Mô hình được công nhận theo cấp",
                    "chart-level",
                    lambda data: [(row["level"], row["count"]) for row in data["recognized_by_level"]],
                ),
            ),
        ),
        ReportKind.DIRECTIVE_FOLLOW_UP: KindSpec(
            figures=lambda request, today: figures.directive_follow_up(
                request.user, request.organization, request.period, today
            ),
            subject=lambda request: f"Kết quả thực hiện kết luận của các hội nghị {request.period.wording}",
            template="reports/directive_report.html",
            document_kind="BÁO CÁO",
            file_title="Báo cáo thực hiện kết luận hội nghị",
            number_type="BC",
            row_count=lambda data: len(data["rows"]) + len(data["by_body"]),
            annex=lambda data: data["rows"],
            charts=(
                Chart(
                    "Kết luận theo tình trạng",
                    "chart-status",
                    lambda data: [(row["status"], row["count"]) for row in data["by_status"]],
                ),
            ),
        ),
        ReportKind.RECOGNIZED_MODELS: KindSpec(
            figures=lambda request, today: figures.recognized_models(
                request.user, request.organization, request.decision
            ),
            subject=lambda request: "Mô hình, điển hình “Dân vận khéo” được công nhận",
            template="reports/recognized_models.html",
            document_kind="DANH SÁCH",
            file_title="Danh sách mô hình được công nhận",
            needs_period=False,
            needs_decision=True,
        ),
        ReportKind.CONFERENCES: KindSpec(
            figures=lambda request, today: figures.conference_list(request.user, request.organization, request.period),
            subject=lambda request: f"Các hội nghị {request.period.wording}",
            template="reports/conference_list.html",
            document_kind="DANH SÁCH",
            file_title="Danh sách hội nghị",
        ),
        ReportKind.CERTIFICATES: KindSpec(
            figures=lambda request, today: certificates.certificates(
                request.user, request.organization, request.decision
            ),
            subject=lambda request: f"Mô hình, điển hình “Dân vận khéo” theo Quyết định số {request.decision.code}",
            template=certificates.TEMPLATE,
            document_kind="GIẤY CHỨNG NHẬN",
            file_title="Giấy chứng nhận Dân vận khéo",
            needs_period=False,
            needs_decision=True,
            row_count=certificates.certificate_rows,
            render=certificates.render_certificates,
        ),
    }
)
