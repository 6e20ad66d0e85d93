"""The back office runs the same workflow service, so its actions follow the same rules."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from danvan.organizations import committee_for
from models_registry.models import EmulationModel, Field, Status
from models_registry.services import register_model

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("open_back_office")]


def staff(user):
    user.is_staff = True
    user.save()
    user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=["models_registry", "danvan"]))
    return user


def registered(hierarchy, unit, official):
    return register_model(
        organization=committee_for(getattr(hierarchy, unit)),
        fields={
            "name": f"Mô hình {unit}",
            "subject_kind": "collective",
            "field": Field.objects.first(),
            "registration_year": 2024,
        },
        acting_user=official,
        submit=True,
    )


def test_district_staff_take_up_models_of_their_subtree_only(
    hierarchy, client_for, district_a_staff, commune_a1_official, commune_b1_official
):
    inside = registered(hierarchy, "commune_a1", commune_a1_official)
    outside = registered(hierarchy, "commune_b1", commune_b1_official)
    client = client_for(staff(district_a_staff))
    changelist = reverse("admin:models_registry_emulationmodel_changelist")
    assert [m.pk for m in client.get(changelist).context["cl"].result_list] == [inside.pk]
    client.post(changelist, {"action": "take_up_for_review", "_selected_action": [inside.pk, outside.pk]})
    assert EmulationModel.objects.get(pk=inside.pk).status == Status.UNDER_REVIEW
    assert EmulationModel.objects.get(pk=outside.pk).status == Status.REGISTERED


def test_a_recognized_model_cannot_be_edited_in_the_admin(hierarchy, client_for, district_a_staff, commune_a1_official):
    model = registered(hierarchy, "commune_a1", commune_a1_official)
    client = client_for(staff(district_a_staff))
    change = reverse("admin:models_registry_emulationmodel_change", args=[model.pk])
    client.post(change, {"name": "Sửa lén"})
    assert EmulationModel.objects.get(pk=model.pk).name == "Mô hình commune_a1"
