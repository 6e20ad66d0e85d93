"""The minutes PDF as leadership signs it (#15): read back page by page with pdftotext."""

import re
import subprocess

import pytest
from django.urls import reverse

from conferences.services import create_conference
from danvan.organizations import committee_for
from tests.conftest import ON

pytestmark = pytest.mark.django_db

LAST_COMMENDATION = "Giấy khen 5 cá nhân (Ủy ban nhân dân xã)."


def page_texts(pdf: bytes, tmp_path) -> list[str]:
    """The text of each page, whitespace joined (pdftotext breaks lines inside table cells anywhere)."""
    path = tmp_path / "minutes.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)$", info, re.MULTILINE).group(1))
    return [
        " ".join(
            subprocess.run(
                ["pdftotext", "-raw", "-f", str(page), "-l", str(page), str(path), "-"],
                capture_output=True,
                check=True,
                text=True,
            ).stdout.split()
        )
        for page in range(1, pages + 1)
    ]


def minutes(client, hierarchy, *, period="6 tháng đầu năm 2024", summary="", **rows):
    fields = {"kind": "so_ket", "title": "Hội nghị sơ kết công tác dân vận", "held_on": ON, "period": period}
    conference = create_conference(
        organizer=committee_for(hierarchy.commune_a1), fields={**fields, "summary": summary}, **rows
    )
    response = client.get(reverse("conferences:minutes-pdf", args=[conference.pk]))
    assert response.status_code == 200
    return response


# Each line of summary moves the end of the body down by a line. With 28 to 33 lines the page
# break falls right after the last commendation, where the closing line and the signatures
# used to go on alone to the next page; the lengths around them must hold too.
@pytest.mark.parametrize("summary_lines", range(26, 36))
def test_the_signatures_share_their_page_with_the_last_paragraph(
    summary_lines, hierarchy, client_for, district_a_staff, tmp_path
):
    response = minutes(
        client_for(district_a_staff),
        hierarchy,
        attendees=[{"name": "Trần Quốc Hoàng", "position": "Bí thư Đảng ủy", "role": "chu_tri"}],
        summary="\n".join(f"Nội dung thảo luận số {n}." for n in range(summary_lines)),
        directives=[{"text": f"Kết luận số {n}: đẩy mạnh công tác dân vận ở cơ sở."} for n in range(1, 9)],
        commendations=[
            {"recipient_kind": "collective", "count": 7, "form": "bieu_duong"},
            {"recipient_kind": "individual", "count": 5, "form": "giay_khen", "authority": "Ủy ban nhân dân xã"},
        ],
    )
    pages = page_texts(response.content, tmp_path)
    signed = next(text for text in pages if "CHỦ TRÌ HỘI NGHỊ" in text)
    assert len(pages) > 1
    assert "Hội nghị kết thúc cùng ngày." in signed
    assert LAST_COMMENDATION in signed, f"the signatures went to a page without the last paragraph: {signed!r}"


def test_the_period_is_printed_in_one_pair_of_brackets(hierarchy, client_for, district_a_staff, tmp_path):
    response = minutes(client_for(district_a_staff), hierarchy, period="02 năm (2021 – 2023)")
    text = " ".join(page_texts(response.content, tmp_path))
    assert "Nội dung: Sơ kết (02 năm, 2021 – 2023)." in text
    assert "((" not in text and "))" not in text


def test_an_empty_part_says_so_in_a_plain_sentence(hierarchy, client_for, district_a_staff, tmp_path):
    response = minutes(client_for(district_a_staff), hierarchy)
    text = " ".join(page_texts(response.content, tmp_path))
    # The four parts keep their numbers; the empty ones say so, unnumbered, and nothing is made up.
    for part in (
        "1. Thành phần Chưa ghi nhận nội dung này.",
        "2. Diễn biến hội nghị Chưa ghi nhận nội dung này.",
        "3. Kết luận của hội nghị Chưa ghi nhận nội dung này.",
        "4. Biểu dương, khen thưởng Chưa ghi nhận nội dung này.",
    ):
        assert part in text
    assert "1. Chưa ghi nhận" not in text
    assert "Hội nghị đã thảo luận, đánh giá kết quả thực hiện." not in text


def test_table_labels_start_with_a_capital_letter(make_conference, full_rows, client_for, district_a_staff, tmp_path):
    conference = make_conference(
        "commune_a1",
        **{
            **full_rows,
            "figures": [{"indicator": "mô hình dân vận khéo", "value": 29, "unit": "mô hình", "note": "6 cấp huyện"}],
        },
    )
    response = client_for(district_a_staff).get(reverse("conferences:minutes-pdf", args=[conference.pk]))
    text = " ".join(page_texts(response.content, tmp_path))
    assert "1 Mô hình dân vận khéo 29 mô hình 6 cấp huyện" in text
    assert "mô hình dân vận khéo" not in text


def test_the_file_is_named_in_words_without_diacritics(hierarchy, client_for, district_a_staff):
    response = minutes(client_for(district_a_staff), hierarchy)
    assert response["Content-Disposition"] == (
        'inline; filename="du-thao-bien-ban-hoi-nghi-so-ket-cong-tac-dan-van-2024.pdf"; '
        "filename*=UTF-8''du-thao-bien-ban-hoi-nghi-so-ket-cong-tac-dan-van-2024.pdf"
    )
