"""Four eyes: whoever submitted a model cannot also record its recognition (finding 17)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from danvan.documents import parse_document_number
from danvan.organizations import committee_for
from models_registry.models import EmulationModel, Field, Status
from models_registry.services import perform, register_model
from tests.conftest import ON

pytestmark = pytest.mark.django_db

RULE = "Người đã đăng ký mô hình không được tự công nhận"


@pytest.fixture
def under_review(hierarchy, commune_a1_official):
    """A model the commune official registered, submitted and took up for review alone."""
    model = register_model(
        organization=committee_for(hierarchy.commune_a1),
        fields={
            "name": "Tổ tự quản đường biên, cột mốc",
            "subject_kind": "collective",
            "field": Field.objects.get(code="kinh-te"),
            "registration_year": 2024,
        },
        acting_user=commune_a1_official,
        submit=True,
    )
    perform(model, "start_review", actor=commune_a1_official, level="commune")
    return model


def _recognize(model, actor, hierarchy):
    perform(
        model,
        "recognize",
        actor=actor,
        decision=parse_document_number("05-QĐ/ĐU"),
        decided_on=ON,
        deciding_organization=committee_for(hierarchy.commune_a1),
    )


def test_the_submitter_cannot_recognize_their_own_model(under_review, commune_a1_official, hierarchy):
    with pytest.raises(ValidationError):
        _recognize(under_review, commune_a1_official, hierarchy)
    assert EmulationModel.objects.get(pk=under_review.pk).status == Status.UNDER_REVIEW


def test_another_official_of_the_commune_recognizes_it(under_review, commune_a1_registrar, hierarchy):
    _recognize(under_review, commune_a1_registrar, hierarchy)
    assert EmulationModel.objects.get(pk=under_review.pk).status == Status.RECOGNIZED


def test_the_page_states_the_rule_and_refuses_the_submitter_with_it(
    under_review, commune_a1_official, client_for, hierarchy
):
    client = client_for(commune_a1_official)
    page = client.get(reverse("registry:detail", args=[under_review.pk])).content.decode()
    assert RULE in page
    response = client.post(
        reverse("registry:act", args=[under_review.pk, "recognize"]),
        {
            "decision": "05-QĐ/ĐU",
            "decided_on": "17/07/2024",
            "deciding_organization": committee_for(hierarchy.commune_a1).pk,
        },
        follow=True,
    )
    assert RULE in response.content.decode()
    assert EmulationModel.objects.get(pk=under_review.pk).status == Status.UNDER_REVIEW
