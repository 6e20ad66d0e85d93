"""Time the reports at commune, district and province size on a synthetic province.

    .venv/bin/python scripts/bench_reports.py [--models 20000] [--phase]
    .venv/bin/python scripts/bench_reports.py --css

--css needs no database: it prints the PDF time per table row of a synthetic movement summary,
with the portal's CSS and with each variant of it (borders, fonts, table layout, the non-breaking
spaces), in CPU seconds of this process, so that a busy machine changes little.

Builds its own SQLite database (BENCH_DATABASE_URL, default /tmp/danvan-bench.sqlite3) with one
province of 10 districts × 20 communes, MODELS "Dân vận khéo" models spread over 2019–2024
(bulk_create, so it takes seconds), their recognitions and workflow steps, and 600 conferences
with 1,800 directives. Then it times the figures (queries) and the PDF (WeasyPrint) of each
report, as the province's system administrator would print them. --phase adds the 2019–2024
summary of the whole province, whose annex lists every recognized model.
"""

import argparse
import datetime
import os
import random
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", "sqlite:////tmp/danvan-bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from conferences.models import Conference, Directive, KeyFigure  # noqa: E402
from danvan.models import AdministrativeUnit, Document, Era, Organization, UnitKind  # noqa: E402
from danvan.organizations import committee_for, mass_mobilization_board_for  # noqa: E402
from models_registry.models import EmulationModel, Field, Recognition, Status, Transition  # noqa: E402
from models_registry.standard_fields import ensure_standard_fields  # noqa: E402
from reports.periods import parse_period  # noqa: E402
from reports.services import ReportRequest, build_snapshot, render_pdf, row_count  # noqa: E402
from tests.reports.synthetic import synthetic_snapshot  # noqa: E402

YEARS = range(2019, 2025)
LEVELS = ["commune", "district", "province"]
TODAY = datetime.date(2025, 1, 15)
THEMES = [
    "vận động nhân dân hiến đất làm đường",
    "giữ gìn vệ sinh môi trường khu dân cư",
    "phát triển kinh tế hộ gia đình",
    "tự quản an ninh trật tự",
]


def unit(code, name, kind, parent=None):
    path = f"{parent.path}{code}/" if parent else f"{Era.PRE_2025}/{code}/"
    level = {"tinh": "province", "huyen": "district", "xa": "commune"}[kind]
    return AdministrativeUnit.objects.create(
        era=Era.PRE_2025,
        code=code,
        name=name,
        search_name=name.lower(),
        kind=kind,
        level=level,
        parent=parent,
        path=path,
    )


@transaction.atomic
def build(models_wanted: int) -> dict:
    random.seed(2024)
    ensure_standard_fields(Field)
    fields = list(Field.objects.all())
    province = unit("99", "Thử Nghiệm", UnitKind.PROVINCE)
    districts = [unit(f"9{d:02d}", f"Huyện Số {d + 1}", UnitKind.RURAL_DISTRICT, province) for d in range(10)]
    communes = [
        unit(f"9{d:02d}{c:02d}", f"Xã Số {d + 1}.{c + 1}", UnitKind.COMMUNE, district)
        for d, district in enumerate(districts)
        for c in range(20)
    ]
    committees = {u.pk: committee_for(u) for u in [province, *districts, *communes]}
    decisions = {}

    def decision(level, deciding_unit, year):
        key = (deciding_unit.pk, year)
        if key not in decisions:
            code = f"{len(decisions) + 1}-QĐ/{committees[deciding_unit.pk].issuer_code}"
            decisions[key] = Document.objects.create(
                organization=committees[deciding_unit.pk],
                code=code,
                system="party",
                type_code="QĐ",
                number=str(len(decisions) + 1),
                issuer_code=committees[deciding_unit.pk].issuer_code,
                issued_on=datetime.date(year, 11, 20),
                issuer_name=committees[deciding_unit.pk].name,
            )
        return decisions[key]

    models = []
    for index in range(models_wanted):
        commune = communes[index % len(communes)]
        year = YEARS[index % len(YEARS)]
        reached = random.choices(["", "commune", "district", "province"], weights=[30, 45, 20, 5])[0]
        models.append(
            EmulationModel(
                name=f"Mô hình “Dân vận khéo” số {index + 1}: {random.choice(THEMES)}",
                subject_kind="individual" if index % 7 == 3 else "collective",
                field=fields[index % len(fields)],
                registering_organization=committees[commune.pk],
                registering_unit_name=f"Chi hội Nông dân thôn {index % 9 + 1}",
                unit=commune,
                registration_year=year,
                phase="2019 – 2024",
                status=Status.RECOGNIZED if reached else Status.REGISTERED,
                level_reached=reached,
                search_text="",
            )
        )
    EmulationModel.objects.bulk_create(models, batch_size=2000)
    recognitions, steps = [], []
    for model in models:
        submitted = timezone.make_aware(datetime.datetime(model.registration_year, 3, 1, 9))
        steps.append(
            Transition(
                emulation_model=model, action="submit", from_status="draft", to_status="registered", at=submitted
            )
        )
        if not model.level_reached:
            continue
        commune = model.unit
        deciders = {"commune": commune, "district": commune.parent, "province": province}
        for level in LEVELS[: LEVELS.index(model.level_reached) + 1]:
            year = model.registration_year
            recognitions.append(
                Recognition(
                    emulation_model=model,
                    level=level,
                    deciding_organization=committees[deciders[level].pk],
                    decision=decision(level, deciders[level], year),
                    decided_on=datetime.date(year, 11, 20),
                )
            )
            steps.append(
                Transition(
                    emulation_model=model,
                    action="recognize",
                    from_status="under_review",
                    to_status="recognized",
                    level=level,
                    at=submitted,
                )
            )
    Recognition.objects.bulk_create(recognitions, batch_size=2000)
    Transition.objects.bulk_create(steps, batch_size=5000)

    conferences, directives, figures = [], [], []
    for number in range(600):
        organizer = committees[random.choice([province, *districts, *communes]).pk]
        conferences.append(
            Conference(
                organizer=organizer,
                kind=random.choice(["so_ket", "tong_ket", "chuyen_de"]),
                title=f"Hội nghị sơ kết công tác dân vận số {number + 1}",
                held_on=datetime.date(YEARS[number % 6], 6, 15),
                status="final",
                participant_count=random.randint(30, 200),
            )
        )
    Conference.objects.bulk_create(conferences)
    for conference in conferences:
        figures.append(
            KeyFigure(
                conference=conference,
                indicator="Mô hình “Dân vận khéo” được công nhận",
                value=random.randint(1, 40),
                unit="mô hình",
            )
        )
        for order in range(3):
            directives.append(
                Directive(
                    conference=conference,
                    order=order,
                    text=f"Tiếp tục nhân rộng các mô hình “Dân vận khéo” (nội dung {order + 1}).",
                    deadline=conference.held_on + datetime.timedelta(days=180),
                    status=random.choice(["not_started", "in_progress", "done"]),
                )
            )
    KeyFigure.objects.bulk_create(figures)
    Directive.objects.bulk_create(directives)
    through = Directive.responsible_organizations.through
    through.objects.bulk_create(
        [through(directive_id=d.pk, organization_id=d.conference.organizer_id) for d in directives]
    )
    return {
        "commune": committees[communes[0].pk],
        "district": mass_mobilization_board_for(districts[0], on=TODAY),
        "province": mass_mobilization_board_for(province, on=TODAY),
    }


def pages(pdf: bytes) -> int:
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def measure(kind: str, organization: Organization, period: str, reader) -> dict:
    request = ReportRequest(kind=kind, organization=organization, user=reader, period=parse_period(period))
    started = time.perf_counter()
    snapshot = build_snapshot(request, TODAY)
    figured = time.perf_counter()
    pdf = render_pdf(kind, snapshot)
    rendered = time.perf_counter()
    return {
        "rows": row_count(kind, snapshot["data"]),
        "figures_s": figured - started,
        "pdf_s": rendered - figured,
        "pages": pages(pdf),
        "kb": len(pdf) // 1024,
    }


# What makes WeasyPrint slow per row: each variant is a style sheet added after the portal's own.
CSS_VARIANTS = {
    "portal CSS as printed": "",
    "no cell borders": "table.data th, table.data td { border: none; }",
    # The long tables' borders and kerning as they were before issue 17.
    "collapsed borders (before)": (
        "table.data.long { border-collapse: collapse; } table.data.long th, table.data.long td { border-width: 0.5pt; }"
    ),
    "kerning (before)": "table.data.long { font-kerning: auto; }",
    "table-layout: auto": "table.data.long { table-layout: auto; }",
    "cell padding 0": "table.data th, table.data td { padding: 0; }",
    "line-height: normal": "html { line-height: normal; }",
    "system serif font": "html { font-family: serif; }",
    "rows may split (break-inside: auto)": "table.data tr { break-inside: auto; }",
    "font-kerning: none, no ligatures": "html { font-kerning: none; font-variant-ligatures: none; }",
    "overflow-wrap: normal": "html { overflow-wrap: normal; }",
}
# The annex's rows as blocks of inline-block cells instead of a table (same widths, bottom and right borders).
INLINE_BLOCK_ROWS = (
    ".ib { border-top: 0.5pt solid #000; font-size: 12pt; }"
    ".ib .r { break-inside: avoid; border-bottom: 0.5pt solid #000; }"
    ".ib .c { display: inline-block; vertical-align: top; box-sizing: border-box; padding: 2pt 4pt;"
    " border-left: 0.5pt solid #000; } .ib .c:last-child { border-right: 0.5pt solid #000; }"
    + "".join(
        f".ib .c:nth-child({n}) {{ width: {width}%; }}" for n, width in enumerate((4, 26, 25, 17, 13, 15), start=1)
    )
)


def inline_block_rows(html: str) -> str:
    start = html.index('<table class="data long recognized">')
    end = html.index("</table>", start) + len("</table>")
    rows = html[start:end]
    for old, new in [
        (r"<table[^>]*>", '<div class="ib">'),
        (r"</table>", "</div>"),
        (r"</?t(?:head|body)>", ""),
        (r"<tr>", '<div class="r">'),
        (r"</tr>", "</div>"),
        (r"<t[dh][^>]*>", '<span class="c">'),
        (r"</t[dh]>", "</span>"),
    ]:
        rows = re.sub(old, new, rows)
    return html[:start] + rows + html[end:].replace("</head>", f"<style>{INLINE_BLOCK_ROWS}</style></head>", 1)


def css_per_row(small: int = 100, large: int = 300) -> None:
    """Print the CPU time per table row of each CSS variant, and without the non-breaking spaces."""
    from django.template.loader import render_to_string
    from django.utils import translation

    from danvan.pdf import html_to_pdf, keep_line_ends_together
    from danvan.text import nfc
    from reports.services import pdf_context

    def html_for(rows: int) -> str:
        with translation.override("vi"):
            context = pdf_context("movement-summary", synthetic_snapshot(rows))
            return nfc(render_to_string("reports/movement_summary.html", context))

    def cpu(html: str) -> float:
        best = None
        for _ in range(2):
            started = time.process_time()
            html_to_pdf(html)
            spent = time.process_time() - started
            best = spent if best is None else min(best, spent)
        return best

    sizes = {rows: html_for(rows) for rows in (small, large)}
    cases = [
        (name, lambda html, css=css: keep_line_ends_together(html).replace("</head>", f"<style>{css}</style></head>"))
        for name, css in CSS_VARIANTS.items()
    ]
    cases.append(("without keep_line_ends_together", lambda html: html))
    cases.append(("annex rows as inline-block cells", lambda html: inline_block_rows(keep_line_ends_together(html))))
    print(f"{'variant':40} {'ms/row':>7} {'× as printed':>12}   (CPU, {small} and {large} annex rows)")
    reference = None
    for name, make in cases:
        per_row = (cpu(make(sizes[large])) - cpu(make(sizes[small]))) / (large - small)
        reference = reference or per_row
        print(f"{name:40} {per_row * 1000:7.2f} {per_row / reference:12.2f}", flush=True)
    started = time.process_time()
    for _ in range(10):
        keep_line_ends_together(sizes[large])
    print(f"keep_line_ends_together on {large} rows: {(time.process_time() - started) * 100:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=int, default=20_000)
    parser.add_argument("--phase", action="store_true", help="also the 2019–2024 summary of the whole province")
    parser.add_argument("--css", action="store_true", help="only the PDF time per row of each CSS variant")
    options = parser.parse_args()
    if options.css:
        css_per_row()
        return
    database = Path(os.environ["DATABASE_URL"].removeprefix("sqlite:///"))
    if database.exists():
        database.unlink()
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    bodies = build(options.models)
    recognitions = Recognition.objects.count()
    print(f"Built {options.models} models, {recognitions} recognitions in {time.perf_counter() - started:.1f} s")
    reader = get_user_model().objects.create(username="bench", is_superuser=True)

    cases = [
        ("commune", "movement-summary", "2023"),
        ("district", "movement-summary", "2023"),
        ("district", "directive-follow-up", "2019-2024"),
        ("province", "movement-summary", "2023"),
        ("province", "directive-follow-up", "2023"),
        ("province", "conferences", "2019-2024"),
    ]
    if options.phase:
        cases.append(("province", "movement-summary", "2019-2024"))
    print(f"{'size':9} {'report':20} {'period':10} {'rows':>6} {'figures s':>9} {'PDF s':>7} {'pages':>6} {'KiB':>6}")
    for size, kind, period in cases:
        result = measure(kind, bodies[size], period, reader)
        print(
            f"{size:9} {kind:20} {period:10} {result['rows']:6} {result['figures_s']:9.2f} {result['pdf_s']:7.1f} "
            f"{result['pages']:6} {result['kb']:6}",
            flush=True,
        )
    print(f"Peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MiB")


if __name__ == "__main__":
    main()
