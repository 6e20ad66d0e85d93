"""“Nhập từ bản tin” from the outside: the pre-filled draft, its evidence, its warnings, saving it.

The articles are written for the tests (made-up names and places in the shape of real reports), except
the seed article of Sơn Lâm, which the hierarchy of the tests happens to hold.
"""

import datetime

import pytest
from django.urls import reverse

from conferences.models import Conference
from danvan.documents import parse_document_number
from danvan.organizations import committee_for
from danvan.registers import register_document
from tests.extraction.helpers import seed_text

pytestmark = pytest.mark.django_db
URL = reverse("conferences:from-article")
SON_LAM = seed_text("000_a9b900862be03637")


def form_data(response) -> dict:
    """What the browser would send back for the draft as it is shown: every field with its value."""
    data = {}
    forms = [response.context["form"]]
    for formset in response.context["formsets"].values():
        management = formset.management_form
        data.update({management[name].html_name: management[name].value() for name in management.fields})
        forms += formset.forms
    for form in forms:
        for bound in form:
            value = bound.value()
            if value is None or value is False:
                continue
            if isinstance(value, datetime.date):
                value = value.strftime("%d/%m/%Y")
            data[bound.html_name] = [str(v) for v in value] if isinstance(value, list) else str(value)
    return data


def draft_for(client, text: str):
    response = client.post(URL, {"text": text})
    assert response.status_code == 200 and "form_action" in response.context
    return response


def test_a_form_error_keeps_each_value_beside_its_sentence_and_saving_then_works(
    client_for, district_a_staff, hierarchy
):
    committee_for(hierarchy.commune_a1)
    client = client_for(district_a_staff)
    draft = draft_for(client, SON_LAM)
    data = form_data(draft)
    data["held_on"] = ""  # the user clears the date by mistake
    again = client.post(draft.context["form_action"], data)
    body = again.content.decode()
    assert again.status_code == 200 and Conference.objects.count() == 0
    assert "held_on" in again.context["form"].errors
    assert 'id="article-evidence"' in body
    assert "<mark>Nguyễn Viết Dũng</mark>" in body
    assert "<mark>7 tập thể và 1 cá nhân</mark>" in body
    data["held_on"] = "17/07/2024"
    saved = client.post(again.context["form_action"], data)
    assert saved.status_code == 302
    conference = Conference.objects.get()
    assert saved.url == reverse("conferences:detail", args=[conference.pk])
    assert conference.organizer.name == "Đảng ủy xã Sơn Lâm"
    assert conference.period == "15 năm thực hiện Nghị quyết số 09 – NQ/TU"
    link = conference.document_links.get()
    assert (link.relation, link.document.issuer_name) == ("reviewed", "Tỉnh ủy")
    assert link.document.title.startswith("Nâng cao năng lực và hiệu quả hoạt động")


def test_every_value_has_the_sentence_it_came_from(client_for, district_a_staff):
    """Written for the tests: date, attendee, document and commendations each in a sentence of their own."""
    text = (
        "Ngày 12/3/2024, Đảng ủy xã Sơn Lâm tổ chức Hội nghị sơ kết công tác dân vận quý I năm 2024.\n"
        "Dự hội nghị có đồng chí Phan Văn Kỳ, Phó Trưởng Ban Dân vận Huyện ủy.\n"
        "Hội nghị đánh giá việc thực hiện Chỉ thị số 16-CT/TU ngày 12/4/2019 của Ban Thường vụ Tỉnh ủy.\n"
        "Dịp này, Đảng ủy xã khen thưởng 3 tập thể và 4 cá nhân."
    )
    evidence = draft_for(client_for(district_a_staff), text).context["draft"].evidence
    by_label = {}
    for row in evidence:
        by_label.setdefault(str(row.label), []).append(row)
    assert by_label["Ngày"][0].sentence.startswith("Ngày 12/3/2024")
    assert by_label["Thành phần dự"][0].sentence.startswith("Dự hội nghị có đồng chí Phan Văn Kỳ")
    assert by_label["Văn bản"][0].sentence.startswith("Hội nghị đánh giá việc thực hiện Chỉ thị")
    assert by_label["Biểu dương, khen thưởng"][0].sentence.startswith("Dịp này, Đảng ủy xã khen thưởng")
    for row in evidence:
        assert row.quote and row.excerpt[1], row  # the words the value was read from are marked in it


def test_an_organizer_outside_the_users_organizations_is_named_with_a_warning(client_for, district_a_staff, hierarchy):
    """Written for the tests: a province's conference, and a ward of another district."""
    committee_for(hierarchy.commune_b1)
    client = client_for(district_a_staff)
    elsewhere = draft_for(
        client, "Ngày 28/11/2023, Tỉnh ủy Sơn La tổ chức Hội nghị tổng kết công tác dân vận năm 2023."
    )
    body = elsewhere.content.decode()
    assert 'id="organizer-warning"' in body and "Tỉnh ủy Sơn La" in body
    assert "không phải tổ chức nào bạn được nhập liệu" in body
    assert not elsewhere.context["form"].initial.get("organizer")
    outside = draft_for(client, "Ngày 15/10/2021, Đảng ủy phường Nam Hồng tổ chức Hội nghị tổng kết công tác dân vận.")
    assert "nằm ngoài các tổ chức bạn được nhập liệu" in outside.content.decode()
    committee_for(hierarchy.commune_a1)
    inside = draft_for(client, SON_LAM)
    assert 'id="organizer-warning"' not in inside.content.decode()


def test_documents_get_their_issuer_and_subject_from_the_text_then_from_the_register(client_for, district_a_staff):
    """Written for the tests: Resolution 25 described in the text, Conclusion 43 only in the register."""
    register_document(
        parse_document_number("43-KL/TW"),
        organization=district_a_staff.memberships.get().organization,
        issued_on=datetime.date(2019, 1, 7),
        issuer_name="Ban Bí thư",
        title="Tiếp tục thực hiện Nghị quyết số 25-NQ/TW",
    )
    text = (
        "Ngày 28/11/2023, Huyện ủy Hương Sơn tổ chức Hội nghị tổng kết 10 năm thực hiện Nghị quyết số 25-NQ/TW "
        "ngày 03/6/2013 của Ban Chấp hành Trung ương Đảng về “Tăng cường và đổi mới sự lãnh đạo của Đảng đối với "
        "công tác dân vận trong tình hình mới”. Các cấp ủy đã thực hiện Kết luận số 43-KL/TW."
    )
    response = draft_for(client_for(district_a_staff), text)
    assert response.context["form"].initial["period"] == "10 năm thực hiện Nghị quyết số 25-NQ/TW"
    rows = {
        form.initial["code"]: form.initial for form in response.context["formsets"]["documents"].forms if form.initial
    }
    assert rows["25-NQ/TW"]["relation"] == "reviewed"
    assert rows["25-NQ/TW"]["issuer_name"] == "Ban Chấp hành Trung ương Đảng"
    assert rows["25-NQ/TW"]["title"].startswith("Tăng cường và đổi mới")
    assert rows["43-KL/TW"]["relation"] == "cited"
    assert (rows["43-KL/TW"]["issuer_name"], rows["43-KL/TW"]["issued_on"]) == ("Ban Bí thư", datetime.date(2019, 1, 7))


@pytest.mark.parametrize(
    "text",
    ["\x00\x01\x02 hội nghị", "Hội nghị " * 5000, "Đảng ủy tổ chức hội nghị ngày 31/2", "“”‘’ – — 17/7 đồng chí"],
)
def test_odd_text_gives_a_message_or_a_draft_never_an_error(client_for, district_a_staff, text):
    response = client_for(district_a_staff).post(URL, {"text": text}, follow=True)
    assert response.status_code == 200
    assert Conference.objects.count() == 0


def test_a_draft_whose_evidence_the_session_lost_still_shows_the_form(client_for, district_a_staff):
    client = client_for(district_a_staff)
    data = form_data(draft_for(client, SON_LAM))
    data["held_on"] = ""
    response = client.post(f"{URL}?draft=unknown", data)
    assert response.status_code == 200 and Conference.objects.count() == 0
    assert "Không còn các câu trích dẫn của bản nháp này" in response.content.decode()


def test_only_writers_may_send_a_draft(client_for, district_a_leader):
    assert client_for(district_a_leader).post(f"{URL}?draft=x", {"title": "x"}).status_code == 403
