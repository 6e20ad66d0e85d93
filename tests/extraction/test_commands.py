import json
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.extraction import articles
from tests.extraction.helpers import EXPECTED, SEED_STEMS, SEEDS

PROJECT = Path(__file__).resolve().parents[2]
SHAPE = {"conference", "attendees", "documents", "statistics", "commendations", "directives", "byline"}


def write_docx(path: Path, paragraphs: list[str]) -> Path:
    body = "".join(f'<w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>' for text in paragraphs)
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", document)
    return path


def json_lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_json_lines_one_object_per_file(capsys):
    call_command(
        "extract_conference", str(SEEDS / f"{SEED_STEMS[0]}.txt"), str(SEEDS / f"{SEED_STEMS[2]}.txt"), "--json"
    )
    first, second = json_lines(capsys.readouterr().out)
    assert set(first) == set(second) == SHAPE
    assert set(first["conference"]) == {"date", "organizer", "level", "kind", "title", "period"}
    assert set(first["documents"][0]) == {
        "code",
        "type",
        "number",
        "issuer_code",
        "date",
        "relation",
        "issuer",
        "title",
    }
    assert first["conference"]["date"] == "2024-07-17"
    assert second["conference"]["organizer"] == "Huyện uỷ Lâm Bình"


def test_output_is_utf8_not_ascii_escaped(capsys):
    call_command("extract_conference", str(SEEDS / f"{SEED_STEMS[0]}.txt"), "--json")
    output = capsys.readouterr().out
    assert "Đảng ủy xã Sơn Lâm" in output
    assert "\\u" not in output


def test_text_with_a_byte_order_mark(tmp_path, capsys):
    article = tmp_path / "bom.txt"
    article.write_bytes(b"\xef\xbb\xbf" + articles.WARD_NO_YEAR.encode("utf-8"))
    call_command("extract_conference", str(article), "--json")
    [found] = json_lines(capsys.readouterr().out)
    assert found["conference"]["date"] == "2024-03-05"


def test_docx_is_read_without_python_docx(tmp_path, capsys):
    article = write_docx(tmp_path / "bai.docx", articles.DISTRICT_BOARD.split("\n"))
    call_command("extract_conference", str(article), "--json")
    [found] = json_lines(capsys.readouterr().out)
    assert found["conference"]["organizer"] == "Ban Dân vận Huyện ủy Đức Thọ"
    assert found["byline"] == "Hải Yến"


def test_a_missing_file_exits_2_and_the_others_are_still_read(tmp_path, capsys):
    missing = tmp_path / "khong-co.txt"
    with pytest.raises(CommandError) as raised:
        call_command("extract_conference", str(missing), str(SEEDS / f"{SEED_STEMS[1]}.txt"), "--json")
    assert raised.value.returncode == 2
    captured = capsys.readouterr()
    assert str(missing) in captured.err
    [found] = json_lines(captured.out)
    assert found["byline"] == "Quang Huy"


@pytest.mark.parametrize("content", [b"\xff\xfe\x00garbage", b"PK\x03\x04 not really a zip"])
def test_unreadable_files_exit_2(tmp_path, content):
    broken = tmp_path / ("broken.docx" if content.startswith(b"PK") else "broken.txt")
    broken.write_bytes(content)
    with pytest.raises(CommandError) as raised:
        call_command("extract_conference", str(broken), "--json")
    assert raised.value.returncode == 2


def test_exit_status_2_from_the_shell(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "extract_conference", str(tmp_path / "missing.txt"), "--json"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "missing.txt" in result.stderr


def test_readable_summary(capsys):
    call_command("extract_conference", str(SEEDS / f"{SEED_STEMS[3]}.txt"))
    output = capsys.readouterr().out
    assert "Nguyễn Thăng Long" in output
    assert "22-NQ/TW" in output


def test_evaluate_extractor_prints_the_table(capsys):
    call_command("evaluate_extractor", str(SEEDS), "--expected", str(EXPECTED))
    output = capsys.readouterr().out
    for field in ("attendee names", "attendee positions", "document codes", "statistics", "directives", "byline"):
        assert field in output
    assert output.strip().splitlines()[-1].split()[1:4]  # the total line has TP FP FN


def test_evaluate_extractor_needs_pairs(tmp_path):
    (tmp_path / "a.txt").write_text("Hội nghị", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("evaluate_extractor", str(tmp_path))
