"""`manage.py render_report` for scheduled printing, with the web's scoping rules under --as."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from danvan.organizations import committee_for, mass_mobilization_board_for
from tests.conftest import ON
from tests.reports.conftest import pdf_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kind", "options"),
    [
        ("movement-summary", ["--period", "2023"]),
        ("directive-follow-up", ["--period", "2023"]),
        ("recognized-models", ["--decision", "123-QĐ/HU"]),
        ("conferences", ["--period", "2019-2024"]),
    ],
)
def test_it_prints_each_kind_to_a_file(movement, hierarchy, tmp_path, kind, options, settings):
    settings.REPORTS_SYNC_MAX_ROWS = 0  # even a big report is written before the command returns
    board = mass_mobilization_board_for(hierarchy.district_a, on=ON)
    output = tmp_path / f"{kind}.pdf"
    call_command("render_report", kind, "--organization", str(board.pk), *options, "-o", str(output), verbosity=0)
    assert output.read_bytes().startswith(b"%PDF-")
    assert "HUYỆN ỦY HƯƠNG SƠN BAN DÂN VẬN" in pdf_text(output.read_bytes(), tmp_path)


def test_as_a_user_it_counts_what_they_see_and_refuses_the_rest(movement, hierarchy, tmp_path, commune_b1_official):
    commune_b1 = committee_for(hierarchy.commune_b1)
    output = tmp_path / "b.pdf"
    call_command(
        "render_report",
        "recognized-models",
        f"--organization={commune_b1.pk}",
        "--decision=05-QĐ/ĐU",
        "--as=commune_b1_official",
        f"-o={output}",
        verbosity=0,
    )
    text = pdf_text(output.read_bytes(), tmp_path)
    assert "Tuyến phố văn minh" in text and "Hợp tác xã dịch vụ nông nghiệp" not in text

    district_a = mass_mobilization_board_for(hierarchy.district_a, on=ON)
    with pytest.raises(CommandError) as refused:
        call_command(
            "render_report",
            "movement-summary",
            f"--organization={district_a.pk}",
            "--period=2023",
            "--as=commune_b1_official",
            f"-o={output}",
        )
    assert refused.value.returncode == 2 and "commune_b1_official" in str(refused.value)


def test_a_wrong_period_is_explained(movement, hierarchy, tmp_path):
    board = mass_mobilization_board_for(hierarchy.district_a, on=ON)
    with pytest.raises(CommandError, match="“2023-24”"):
        call_command("render_report", "movement-summary", f"--organization={board.pk}", "--period=2023-24", "-o=x.pdf")
