"""Forms that help (#15): what can be chosen for you is chosen, headings, errors beside their fields,
attachments until a decision, and the review panel's own errors and choices."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from danvan.documents import parse_document_number
from danvan.organizations import committee_for, mass_mobilization_board_for
from models_registry.forms import EmulationModelForm
from models_registry.models import Attachment, EmulationModel, Field, Status
from models_registry.services import perform, register_model
from tests.conftest import ON

pytestmark = pytest.mark.django_db

RULE = "Có thể bổ sung tệp đính kèm (ảnh, báo cáo theo yêu cầu của người thẩm định) cho đến khi mô hình được quyết định"
FROZEN = "Không thể bổ sung tệp đính kèm nữa: mô hình đã ở trạng thái"


@pytest.fixture
def make_model(hierarchy, commune_a1_registrar):
    def make(*, submit=True, name="Tổ tự quản đường biên, cột mốc"):
        return register_model(
            organization=committee_for(hierarchy.commune_a1),
            fields={
                "name": name,
                "subject_kind": "collective",
                "field": Field.objects.get(code="kinh-te"),
                "registration_year": 2024,
            },
            acting_user=commune_a1_registrar,
            submit=submit,
        )

    return make


def field_block(html: str, input_id: str) -> str:
    """The markup of one form field: from its container to the next field's container."""
    blocks = re.split(r'(?=<div class="mb-3)', html)
    return next(block for block in blocks if f'id="{input_id}"' in block)


def selected_option(html: str, name: str) -> str | None:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    chosen = re.search(r'<option value="([^"]*)" selected>', select)
    return chosen.group(1) if chosen else None


# Registration form


def test_a_commune_official_finds_their_organization_and_this_year_chosen(hierarchy, client_for, commune_a1_official):
    html = client_for(commune_a1_official).get(reverse("registry:create")).content.decode()
    assert selected_option(html, "registering_organization") == str(committee_for(hierarchy.commune_a1).pk)
    year = timezone.localdate().year
    assert re.search(rf'<input type="number" name="registration_year" value="{year}"', html)


def test_district_staff_choose_among_their_organizations_themselves(client_for, district_a_staff):
    html = client_for(district_a_staff).get(reverse("registry:create")).content.decode()
    assert html.count('<option value="') > 2  # the district's own bodies and its communes'
    assert selected_option(html, "registering_organization") == ""  # the empty choice: "---------"


def test_editing_shows_the_saved_year_not_this_one(make_model, client_for, commune_a1_registrar):
    model = make_model(submit=False)
    html = client_for(commune_a1_registrar).get(reverse("registry:edit", args=[model.pk])).content.decode()
    assert re.search(r'<input type="number" name="registration_year" value="2024"', html)


def test_every_field_of_the_form_sits_under_one_heading():
    grouped = [name for _legend, names in EmulationModelForm.FIELDSETS for name in names]
    assert sorted(grouped) == sorted(EmulationModelForm.Meta.fields)


def test_the_form_shows_its_headings_in_order(client_for, commune_a1_official):
    html = client_for(commune_a1_official).get(reverse("registry:create")).content.decode()
    assert re.findall(r"<legend[^>]*>(.*?)</legend>", html) == [
        "Đơn vị và năm đăng ký",
        "Thông tin chung về mô hình",
        "Cá nhân điển hình (khi đăng ký cá nhân)",
        "Nội dung mô hình",
        "Kết quả, hiệu quả",
    ]
    # Short fields two to a row on wide screens, long texts across, one column on a phone.
    assert 'class="mb-3 col-md-6"' in field_block(html, "id_registration_year")
    assert 'class="mb-3 col-12"' in field_block(html, "id_situation")


def test_a_bad_registration_says_why_beside_each_field_and_keeps_what_was_typed(
    hierarchy, client_for, commune_a1_official
):
    response = client_for(commune_a1_official).post(
        reverse("registry:create"),
        {
            "registering_organization": committee_for(hierarchy.commune_a1).pk,
            "name": "",
            "subject_kind": "individual",
            "field": Field.objects.get(code="kinh-te").pk,
            "registering_unit_name": "Chi hội Cựu chiến binh thôn 2",
            "registration_year": "1999",
            "situation": "Đường biên giới dài, địa hình hiểm trở",
            "starts_on": "01/06/2024",
            "ends_on": "01/01/2024",
            "submit": "",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and not EmulationModel.objects.exists()
    assert "Trường này là bắt buộc." in field_block(html, "id_name")
    assert "từ năm 2009" in field_block(html, "id_registration_year")
    assert 'value="1999"' in field_block(html, "id_registration_year")
    assert "họ tên" in field_block(html, "id_person_name")
    assert "trước ngày bắt đầu" in field_block(html, "id_ends_on")
    assert 'value="01/01/2024"' in field_block(html, "id_ends_on")
    assert 'value="01/06/2024"' in field_block(html, "id_starts_on")
    assert 'value="Chi hội Cựu chiến binh thôn 2"' in field_block(html, "id_registering_unit_name")
    assert "Đường biên giới dài, địa hình hiểm trở" in field_block(html, "id_situation")
    assert 'aria-invalid="true"' in field_block(html, "id_name")
    assert "invalid-feedback" not in field_block(html, "id_situation")  # a right field shows no error


# Attachments


def upload(client, model, title="Ảnh hoạt động", content=b"%PDF-1.4 anh", name="anh.pdf"):
    return client.post(
        reverse("registry:attachment-upload", args=[model.pk]),
        {"title": title, "file": SimpleUploadedFile(name, content)},
    )


def decide(model, outcome, *, reviewer, body) -> None:
    """Take the model up at commune level and decide on it: recognize, reject or stop."""
    perform(model, "start_review", actor=reviewer, level="commune")
    if outcome == Status.RECOGNIZED:
        perform(
            model,
            "recognize",
            actor=reviewer,
            decision=parse_document_number("18145-QĐ/ĐU"),
            decided_on=datetime.date(2024, 9, 1),
            deciding_organization=body,
        )
    else:
        perform(model, {"not_recognized": "reject", "stopped": "stop"}[outcome], actor=reviewer, note="Lý do")


@pytest.mark.parametrize("status", [Status.REGISTERED, Status.RETURNED, Status.UNDER_REVIEW])
def test_files_are_added_until_a_decision(
    status, make_model, client_for, commune_a1_registrar, commune_a1_official, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    model = make_model()
    if status != Status.REGISTERED:
        perform(model, "start_review", actor=commune_a1_official, level="commune")
    if status == Status.RETURNED:
        perform(model, "return", actor=commune_a1_official, note="Bổ sung ảnh")
    assert EmulationModel.objects.get(pk=model.pk).status == status
    client = client_for(commune_a1_registrar)
    page = client.get(reverse("registry:detail", args=[model.pk])).content.decode()
    assert RULE in page and reverse("registry:attachment-upload", args=[model.pk]) in page

    response = upload(client, model)
    assert response.status_code == 302
    attachment = Attachment.objects.get(emulation_model=model)
    assert (attachment.title, attachment.uploaded_by) == ("Ảnh hoạt động", commune_a1_registrar)
    assert attachment.file.read() == b"%PDF-1.4 anh"
    recorded = attachment.history.get()
    assert (recorded.history_type, recorded.history_user) == ("+", commune_a1_registrar)
    page = client.get(reverse("registry:detail", args=[model.pk])).content.decode()
    assert "Ảnh hoạt động" in page and "Đã đính kèm tệp." in page


@pytest.mark.parametrize("outcome", [Status.RECOGNIZED, Status.NOT_RECOGNIZED, Status.STOPPED])
def test_a_decision_freezes_the_attachments(
    outcome, hierarchy, make_model, client_for, commune_a1_official, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    model = make_model()
    decide(model, outcome, reviewer=commune_a1_official, body=committee_for(hierarchy.commune_a1))
    client = client_for(commune_a1_official)
    page = client.get(reverse("registry:detail", args=[model.pk])).content.decode()
    assert FROZEN in page and RULE not in page
    assert reverse("registry:attachment-upload", args=[model.pk]) not in page

    response = upload(client, model)
    assert response.status_code == 302
    assert not Attachment.objects.exists() and not any(tmp_path.rglob("*.pdf"))
    page = client.get(response.url).content.decode()
    assert page.count(FROZEN) == 2  # the refusal, and the note beside the attachments


def test_proposed_to_the_next_level_files_can_be_added_again(
    hierarchy, make_model, client_for, commune_a1_official, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    model = make_model()
    decide(model, Status.RECOGNIZED, reviewer=commune_a1_official, body=committee_for(hierarchy.commune_a1))
    perform(model, "propose", actor=commune_a1_official)
    assert upload(client_for(commune_a1_official), model).status_code == 302
    assert Attachment.objects.filter(emulation_model=model).count() == 1


def test_a_reader_is_shown_the_rule_but_no_upload_form(make_model, client_for, district_a_leader, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    model = make_model()
    client = client_for(district_a_leader)
    page = client.get(reverse("registry:detail", args=[model.pk])).content.decode()
    assert RULE in page and reverse("registry:attachment-upload", args=[model.pk]) not in page
    assert upload(client, model).status_code == 403
    assert not Attachment.objects.exists()


def test_a_refused_file_is_explained_beside_its_field_and_the_title_kept(
    make_model, client_for, commune_a1_registrar, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    model = make_model()
    response = upload(client_for(commune_a1_registrar), model, title="Báo cáo kết quả", name="bao-cao.exe")
    html = response.content.decode()
    assert response.status_code == 400 and not Attachment.objects.exists()
    assert "exe" in field_block(html, "id_file") and "invalid-feedback" in field_block(html, "id_file")
    assert 'value="Báo cáo kết quả"' in field_block(html, "id_title")


# The review panel


@pytest.fixture
def at_district(hierarchy, make_model, commune_a1_official, district_a_staff):
    """Recognized by its commune, now under review at district level."""
    model = make_model()
    decide(model, Status.RECOGNIZED, reviewer=commune_a1_official, body=committee_for(hierarchy.commune_a1))
    perform(model, "propose", actor=commune_a1_official)
    return model


def action_panel(html: str, model, action: str) -> str:
    url = reverse("registry:act", args=[model.pk, action])
    return re.search(rf'<form method="post" action="{re.escape(url)}".*?</form>', html, re.S).group(0)


def test_a_wrong_decision_number_is_refused_inside_the_panel_with_number_and_date_kept(
    at_district, hierarchy, client_for, district_a_staff
):
    response = client_for(district_a_staff).post(
        reverse("registry:act", args=[at_district.pk, "recognize"]),
        {
            "decision": "46-QĐ/ĐU",
            "decided_on": "20/10/2024",
            "deciding_organization": committee_for(hierarchy.district_a).pk,
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    panel = action_panel(html, at_district, "recognize")
    assert 'id="decision-number-error">Số 46-QĐ/ĐU' in panel
    assert 'value="46-QĐ/ĐU"' in panel and 'value="20/10/2024"' in panel
    before_the_page = html[: html.index("<main>")]
    assert "46-QĐ/ĐU" not in before_the_page and 'class="alert' not in before_the_page
    assert EmulationModel.objects.get(pk=at_district.pk).level_reached == "commune"


def test_the_three_reason_boxes_have_their_own_labels(at_district, client_for, district_a_staff):
    html = client_for(district_a_staff).get(reverse("registry:detail", args=[at_district.pk])).content.decode()
    labels = {
        action: re.search(rf'<label[^>]*for="note-{action}">(.*?)</label>', html).group(1)
        for action in ("return", "reject", "stop")
    }
    assert labels == {"return": "Nội dung cần sửa", "reject": "Lý do không công nhận", "stop": "Lý do dừng"}


def test_the_deciding_body_list_offers_only_the_bodies_of_the_level_under_review(
    at_district, hierarchy, client_for, district_a_staff
):
    html = client_for(district_a_staff).get(reverse("registry:detail", args=[at_district.pk])).content.decode()
    select = re.search(r'<select[^>]*id="deciding-body".*?</select>', html, re.S).group(0)
    offered = {int(pk) for pk in re.findall(r'<option value="(\d+)"', select)}
    district = hierarchy.district_a
    assert offered == {committee_for(district).pk, mass_mobilization_board_for(district, on=ON).pk}
