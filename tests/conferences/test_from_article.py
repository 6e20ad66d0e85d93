"""“Enter from an article”: paste the text, check the pre-filled draft, nothing saved before confirming."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conferences.models import Conference
from danvan.models import Person
from danvan.organizations import committee_for
from danvan.registers import find_or_create_person

pytestmark = pytest.mark.django_db
SON_LAM = (Path(__file__).parent.parent / "extraction" / "seeds" / "000_a9b900862be03637.txt").read_text()


def docx(text: str) -> bytes:
    body = "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in text.splitlines())
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
        f'wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", xml)
    return buffer.getvalue()


def test_a_pasted_article_prefills_a_draft_and_saves_nothing(client_for, district_a_staff, hierarchy):
    known = find_or_create_person("Nguyễn Viết Dũng", organization=committee_for(hierarchy.district_a))
    response = client_for(district_a_staff).post(reverse("conferences:from-article"), {"text": SON_LAM})
    body = response.content.decode()
    assert response.status_code == 200 and Conference.objects.count() == 0
    form, formsets = response.context["form"], response.context["formsets"]
    assert form.initial["held_on"].isoformat() == "2024-07-17"
    assert form.initial["kind"] == "tong_ket"
    names = [f.initial.get("full_name") for f in formsets["attendees"].forms if f.initial]
    assert "Nguyễn Viết Dũng" in names and "Trần Quốc Hoàng" in names
    assert "09-NQ/TU" in [f.initial.get("code") for f in formsets["documents"].forms if f.initial]
    assert "Ngày 17/7, Đảng ủy xã Sơn Lâm tổ chức hội nghị" in body  # the sentence each value came from
    assert "đã có trong danh bạ cán bộ" in body
    assert Person.objects.filter(search_name=known.search_name).count() == 1


def test_a_docx_file_is_read_too(client_for, district_a_staff):
    upload = SimpleUploadedFile("bai-viet.docx", docx(SON_LAM))
    response = client_for(district_a_staff).post(reverse("conferences:from-article"), {"file": upload})
    assert response.status_code == 200 and "form" in response.context
    assert response.context["form"].initial["held_on"].isoformat() == "2024-07-17"


@pytest.mark.parametrize(
    "data, message",
    [
        ({"text": ""}, "Hãy dán bài viết hoặc chọn tệp."),
        ({"text": "Đội tuyển bóng đá thắng 3-0 trong trận giao hữu tối qua."}, "Không tìm thấy thông tin hội nghị"),
        ({"file": SimpleUploadedFile("bai.txt", b"\xff\xfe\x00\x81 not utf-8")}, "Không đọc được tệp này"),
        ({"file": SimpleUploadedFile("virus.exe", b"MZ")}, "txt"),
    ],
)
def test_bad_input_gives_a_clear_message_and_keeps_the_text(client_for, district_a_staff, data, message):
    response = client_for(district_a_staff).post(reverse("conferences:from-article"), data, follow=True)
    body = response.content.decode()
    assert response.status_code == 200 and message in body
    assert Conference.objects.count() == 0
    if data.get("text"):
        assert data["text"] in body


def test_leadership_cannot_enter_conferences(client_for, district_a_leader):
    assert client_for(district_a_leader).post(reverse("conferences:from-article"), {"text": SON_LAM}).status_code == 403
