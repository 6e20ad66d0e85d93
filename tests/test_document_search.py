"""Document numbers found in the text of articles, and the command that reads one."""

import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from danvan.documents import find_document_numbers
from tests.test_documents import state

# Finding numbers in articles (sentences from the seed articles)


def codes_in(text: str) -> list[tuple[str, str]]:
    return [(text[start:end], dn.code) for dn, start, end in find_document_numbers(text)]


def test_it_finds_a_party_plan_and_ignores_the_dashed_date():
    text = "thực hiện tốt kế hoạch số 19-KH/HU, ngày 08-3-2021 của Ban Thường vụ huyện ủy qua đó tăng cường"
    assert codes_in(text) == [("19-KH/HU", "19-KH/HU")]


def test_it_finds_a_number_printed_with_an_en_dash_and_spaces():
    text = "tổng kết 15 năm thực hiện Nghị quyết số 09 – NQ/TU, ngày 19/8/2009 của Tỉnh ủy; Tổng kết phong trào"
    assert codes_in(text) == [("09 – NQ/TU", "09-NQ/TU")]


def test_it_finds_a_government_directive_printed_in_the_party_shape():
    text = "gắn với việc thực hiện Chỉ thị số 16-CT/TTg ngày 16/5/2016 của Thủ tướng Chính phủ"
    [(dn, start, end)] = find_document_numbers(text)
    assert dn == state("16", "CT", "TTg")
    assert text[start:end] == "16-CT/TTg"


@pytest.mark.parametrize(
    "text",
    [
        "Ngày 27/ 11 Huyện uỷ Lâm Bình đã tổ chức Hội nghị sơ kết ngày 12/ 6/ 2021",
        "phong trào thi đua “Dân vận khéo” giai đoạn 2019 – 2024; Sơ kết 6 tháng đầu năm",
        "Chánh Văn phòng HĐND - UBND huyện; nhiệm kỳ 2020-2025, Đảng uỷ phường",
        "Kế hoạch số 42 ngày 07/7/2021 của BTV Huyện uỷ thực hiện Đề án 02 ngày 23/5/2021",
        "công nhận 15/15 mô hình đạt cấp huyện, 14/14 mô hình đạt cấp tỉnh... đại dịch Covid-19 nhưng",
        "Đến dự Hội nghị có đ/c Trương Văn Hiếu - Phó Trưởng Ban dân vận Huyện ủy",
    ],
)
def test_it_finds_nothing_in_dates_ranges_counts_and_names(text):
    assert find_document_numbers(text) == []


def test_it_finds_every_number_of_a_paragraph_in_order():
    text = (
        "Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị về tiếp tục thực hiện Chỉ thị số 05-CT/TW của Bộ "
        "Chính trị; Đề án số 16-ĐA/TU ngày 03/01/2020 của Ban Thường vụ Tỉnh ủy; Chỉ thị số 01-CT/TU ngày 10/9/2021"
        " của Ban Thường vụ Tỉnh uỷ về tiếp tục nâng cao chất lượng sinh hoạt chi bộ giai đoạn 2021 – 2025."
    )
    assert [dn.code for dn, _, _ in find_document_numbers(text)] == ["01-KL/TW", "05-CT/TW", "16-ĐA/TU", "01-CT/TU"]


def test_it_finds_numbers_at_the_edges_of_the_text_and_before_a_full_stop():
    assert codes_in("22-NQ/TW") == [("22-NQ/TW", "22-NQ/TW")]
    assert codes_in("theo Nghị quyết số 02-NQ/TU.") == [("02-NQ/TU", "02-NQ/TU")]


def test_it_does_not_start_a_number_inside_another_sequence():
    assert find_document_numbers("mã 123/45-KH/HU và 2021-12-NQ/TU") == []


def test_its_offsets_point_into_decomposed_text_as_given():
    text = unicodedata.normalize("NFD", "Thực hiện Đề án số 03-ĐA/TU ngày 12/6/2021")
    [(dn, start, end)] = find_document_numbers(text)
    assert dn.code == "03-ĐA/TU"
    assert text[start:end] == unicodedata.normalize("NFD", "03-ĐA/TU")


def test_it_skips_number_shapes_with_unknown_types():
    assert codes_in("mã hàng 12-AB/CD và 16/CT-TTg") == [("16/CT-TTg", "16/CT-TTg")]


# The management command


def test_the_command_prints_the_number_as_json(capsys):
    call_command("parse_document_code", "Nghị quyết số 09 – NQ/TU")
    assert json.loads(capsys.readouterr().out) == {
        "code": "09-NQ/TU",
        "system": "party",
        "number": "09",
        "year": None,
        "type_code": "NQ",
        "type": "nghi_quyet",
        "type_name": "Nghị quyết",
        "issuer_code": "TU",
        "issuer_name": "Tỉnh ủy",
    }


def test_the_command_fails_with_status_2_on_bad_input():
    with pytest.raises(CommandError) as error:
        call_command("parse_document_code", "19/8/2009")
    assert error.value.returncode == 2
    assert "“19/8/2009”" in str(error.value)


def test_the_command_line_prints_the_error_to_stderr_and_exits_with_2():
    result = subprocess.run(
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "parse_document_code", "abc"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        check=False,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert "“abc”" in result.stderr
