"""A recognition no party office would accept is refused, beside the field, with the input kept (#13, item 1)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from danvan.documents import parse_document_number
from danvan.organizations import committee_for, mass_mobilization_board_for
from models_registry.models import EmulationModel, Field, Status
from models_registry.recognitions import deciding_bodies
from models_registry.services import perform, register_model
from tests.conftest import ON

pytestmark = pytest.mark.django_db


@pytest.fixture
def at_district(hierarchy, commune_a1_registrar, commune_a1_official, district_a_staff):
    """A commune model, recognized by its commune on 1 March 2024, now under review at district level."""
    model = register_model(
        organization=committee_for(hierarchy.commune_a1),
        fields={
            "name": "Tổ tự quản đường biên, cột mốc",
            "subject_kind": "collective",
            "field": Field.objects.get(code="kinh-te"),
            "registration_year": 2024,
        },
        acting_user=commune_a1_registrar,
        submit=True,
    )
    perform(model, "start_review", actor=commune_a1_official, level="commune")
    _recognize(model, commune_a1_official, "05-QĐ/ĐU", datetime.date(2024, 3, 1), committee_for(hierarchy.commune_a1))
    perform(model, "propose", actor=commune_a1_official)
    return model


def _recognize(model, actor, number, on, body):
    perform(
        model,
        "recognize",
        actor=actor,
        decision=parse_document_number(number),
        decided_on=on,
        deciding_organization=body,
    )


def _refusal(model, actor, number, on, body) -> dict:
    with pytest.raises(ValidationError) as refused:
        _recognize(model, actor, number, on, body)
    model.refresh_from_db()
    assert model.status == Status.UNDER_REVIEW and model.level_reached == "commune"
    return refused.value.message_dict


def test_a_commune_body_cannot_decide_a_district_recognition(at_district, hierarchy, district_a_staff):
    commune = committee_for(hierarchy.commune_a1)
    refusal = _refusal(at_district, district_a_staff, "46-QĐ/HU", ON, commune)
    assert "cấp huyện" in refusal["deciding_organization"][0]


def test_the_district_committee_and_its_board_decide_and_no_one_else(at_district, hierarchy):
    bodies = set(deciding_bodies(at_district, "district"))
    assert bodies == {committee_for(hierarchy.district_a), mass_mobilization_board_for(hierarchy.district_a, on=ON)}
    assert committee_for(hierarchy.district_b) not in bodies  # not on the model's line


def test_a_decision_dated_in_the_future_is_refused(at_district, hierarchy, district_a_staff):
    future = timezone.localdate() + datetime.timedelta(days=1)
    refusal = _refusal(at_district, district_a_staff, "46-QĐ/HU", future, committee_for(hierarchy.district_a))
    assert "tương lai" in refusal["decided_on"][0]


def test_a_decision_before_the_lower_recognition_is_refused(at_district, hierarchy, district_a_staff):
    before = datetime.date(2024, 2, 1)
    refusal = _refusal(at_district, district_a_staff, "46-QĐ/HU", before, committee_for(hierarchy.district_a))
    assert "cấp dưới" in refusal["decided_on"][0] and "01/03/2024" in refusal["decided_on"][0]


def test_a_decision_before_the_model_was_submitted_is_refused(at_district, hierarchy, district_a_staff):
    # Registered for 2024: a decision of 2023 predates it, whenever the record was entered.
    refusal = _refusal(
        at_district, district_a_staff, "46-QĐ/HU", datetime.date(2023, 12, 1), committee_for(hierarchy.district_a)
    )
    assert "được đăng ký" in refusal["decided_on"][0]


def test_a_number_of_another_issuer_is_refused(at_district, hierarchy, district_a_staff):
    refusal = _refusal(at_district, district_a_staff, "46-QĐ/TU", ON, committee_for(hierarchy.district_a))
    assert "/HU" in refusal["decision"][0]


def test_a_second_recognition_at_the_same_level_is_refused(at_district, hierarchy, district_a_staff):
    district = committee_for(hierarchy.district_a)
    _recognize(at_district, district_a_staff, "46-QĐ/HU", ON, district)
    # Forced back under review at the level it already reached (as a broken import or a bad edit would).
    EmulationModel.objects.filter(pk=at_district.pk).update(status=Status.UNDER_REVIEW, review_level="district")
    with pytest.raises(ValidationError) as refused:
        _recognize(at_district, district_a_staff, "47-QĐ/HU", ON, district)
    assert "đã được công nhận" in refused.value.messages[0]
    assert at_district.recognitions.filter(level="district").count() == 1


def test_a_right_decision_is_recorded(at_district, hierarchy, district_a_staff):
    _recognize(at_district, district_a_staff, "46-QĐ/HU", ON, committee_for(hierarchy.district_a))
    at_district.refresh_from_db()
    assert at_district.level_reached == "district"


def test_the_page_refuses_beside_each_field_and_keeps_what_was_typed(
    at_district, hierarchy, district_a_staff, client_for
):
    client = client_for(district_a_staff)
    page = client.get(reverse("registry:detail", args=[at_district.pk])).content.decode()
    commune = committee_for(hierarchy.commune_a1)
    assert f'<option value="{commune.pk}"' not in page  # the commune is not offered as the deciding body
    response = client.post(
        reverse("registry:act", args=[at_district.pk, "recognize"]),
        {"decision": "46-QĐ/ĐU", "decided_on": "01/01/2030", "deciding_organization": commune.pk},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="46-QĐ/ĐU"' in html and 'value="01/01/2030"' in html
    assert 'id="deciding-body-error">Hãy chọn cơ quan quyết định trong danh sách' in html
    response = client.post(
        reverse("registry:act", args=[at_district.pk, "recognize"]),
        {
            "decision": "46-QĐ/ĐU",
            "decided_on": "01/01/2030",
            "deciding_organization": committee_for(hierarchy.district_a).pk,
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="decision-date-error">Ngày quyết định 01/01/2030 ở tương lai' in html
    assert 'id="decision-number-error">Số 46-QĐ/ĐU' in html
    assert f'<option value="{committee_for(hierarchy.district_a).pk}" selected>' in html
    assert EmulationModel.objects.get(pk=at_district.pk).status == Status.UNDER_REVIEW


def test_a_missing_reason_is_asked_for_beside_its_box(at_district, district_a_staff, client_for):
    response = client_for(district_a_staff).post(reverse("registry:act", args=[at_district.pk, "return"]), {})
    assert response.status_code == 400
    assert '<div class="invalid-feedback d-block mb-2">Hãy ghi lý do.</div>' in response.content.decode()
