"""The recognition ladder over HTTP: who may act at which level, inside which subtree."""

import re

import pytest
from django.db.models import Max
from django.urls import reverse

from danvan.models import Organization, OrganizationKind
from danvan.organizations import committee_for, mass_mobilization_board_for
from models_registry.models import EmulationModel, Field, Level, Status
from models_registry.services import register_model
from tests.conftest import ON

pytestmark = pytest.mark.django_db


@pytest.fixture
def make_model(hierarchy, commune_a1_registrar):
    """Models are submitted by a registrar, so that the commune official may decide on them (four eyes)."""

    def make(*, submit=True, user=None, unit="commune_a1", name="Tổ tự quản đường biên, cột mốc"):
        return register_model(
            organization=committee_for(getattr(hierarchy, unit)),
            fields={
                "name": name,
                "subject_kind": "collective",
                "field": Field.objects.get(code="kinh-te"),
                "registration_year": 2024,
                "phase": "2021 – 2025",
            },
            acting_user=user or commune_a1_registrar,
            submit=submit,
        )

    return make


def act(client, model, action, follow=False, **data):
    return client.post(reverse("registry:act", args=[model.pk, action]), data, follow=follow)


def reload(model) -> EmulationModel:
    return EmulationModel.objects.get(pk=model.pk)


def test_a_model_climbs_from_commune_to_province(
    hierarchy, make_model, client_for, commune_a1_official, district_a_staff, province_staff
):
    model = make_model()
    commune, district, province = (
        client_for(commune_a1_official),
        client_for(district_a_staff),
        client_for(province_staff),
    )

    act(commune, model, "start_review", level="commune")
    act(
        commune,
        model,
        "recognize",
        decision="05-QĐ/ĐU",
        decided_on="15/06/2024",
        deciding_organization=committee_for(hierarchy.commune_a1).pk,
    )
    assert (reload(model).status, reload(model).level_reached) == (Status.RECOGNIZED, Level.COMMUNE)

    act(commune, model, "propose")
    assert (reload(model).status, reload(model).review_level) == (Status.UNDER_REVIEW, Level.DISTRICT)
    # The commune cannot decide at district level.
    assert act(commune, model, "recognize", decision="1-QĐ/HU", decided_on="01/07/2024").status_code == 403

    act(
        district,
        model,
        "recognize",
        decision="123-QĐ/HU",
        decided_on="20/10/2024",
        deciding_organization=committee_for(hierarchy.district_a).pk,
    )
    act(district, model, "propose")
    act(
        province,
        model,
        "recognize",
        decision="1503-QĐ/TU",
        decided_on="10/12/2024",
        deciding_organization=committee_for(hierarchy.province).pk,
    )

    model = reload(model)
    assert (model.status, model.level_reached) == (Status.RECOGNIZED, Level.PROVINCE)
    assert [(r.level, r.decision.code) for r in model.recognitions.all()] == [
        ("commune", "05-QĐ/ĐU"),
        ("district", "123-QĐ/HU"),
        ("province", "1503-QĐ/TU"),
    ]
    history = list(model.transitions.values_list("action", "from_status", "to_status", "actor__username"))
    assert history[:3] == [
        ("create", "", "draft", "commune_a1_registrar"),
        ("submit", "draft", "registered", "commune_a1_registrar"),
        ("start_review", "registered", "under_review", "commune_a1_official"),
    ]
    assert history[-1] == ("recognize", "under_review", "recognized", "province_staff")
    assert len(history) == 8


def test_district_staff_review_only_their_subtree(hierarchy, make_model, client_for, commune_b1_official):
    from danvan.models import Role
    from tests.factories import MembershipFactory

    model = make_model(unit="commune_b1", user=commune_b1_official)
    district_a = MembershipFactory(
        organization=mass_mobilization_board_for(hierarchy.district_a, on=ON), role=Role.DISTRICT_STAFF
    ).user
    assert act(client_for(district_a), model, "start_review", level="district").status_code == 404
    assert reload(model).status == Status.REGISTERED


def test_leadership_reads_but_cannot_act(make_model, client_for, district_a_leader):
    model = make_model()
    client = client_for(district_a_leader)
    assert client.get(reverse("registry:detail", args=[model.pk])).status_code == 200
    assert act(client, model, "start_review", level="district").status_code == 403


def test_a_returned_model_needs_a_reason_and_goes_back_to_the_commune(
    make_model, client_for, district_a_staff, commune_a1_official
):
    model = make_model()
    district = client_for(district_a_staff)
    act(district, model, "start_review", level="district")
    act(district, model, "return", note="")
    assert reload(model).status == Status.UNDER_REVIEW
    act(district, model, "return", note="Bổ sung kết quả đầu ra")
    assert reload(model).status == Status.RETURNED
    assert client_for(commune_a1_official).get(reverse("registry:edit", args=[model.pk])).status_code == 200
    act(client_for(commune_a1_official), model, "submit")
    assert reload(model).status == Status.REGISTERED
    assert model.transitions.filter(action="return").get().note == "Bổ sung kết quả đầu ra"


def test_a_bad_decision_number_is_refused_with_a_message(hierarchy, make_model, client_for, district_a_staff):
    model = make_model()
    district = client_for(district_a_staff)
    act(district, model, "start_review", level="district")
    response = act(
        district,
        model,
        "recognize",
        follow=True,
        decision="quyết định hôm qua",
        decided_on="20/10/2024",
        deciding_organization=committee_for(hierarchy.district_a).pk,
    )
    assert reload(model).status == Status.UNDER_REVIEW and not reload(model).recognitions.exists()
    assert "không phải số ký hiệu văn bản" in response.content.decode()


def test_the_deciding_body_offered_on_the_page_is_accepted_whatever_its_number(
    hierarchy, make_model, client_for, district_a_staff
):
    """The page offers the deciding bodies by id; a four-digit id must not come out as "1.234".

    Vietnamese formats group thousands with a dot, and a plain {{ pk }} in a template is localized:
    once the ids passed 999 (PostgreSQL does not restart its sequences between tests, and a real
    database has thousands of organizations) the browser posted "1.234" and the form refused it as
    an invalid choice. The id is set here so the test does not depend on what ran before.
    """
    model = make_model()
    district = client_for(district_a_staff)
    act(district, model, "start_review", level="district")
    deciding = Organization.objects.create(
        pk=(Organization.objects.aggregate(Max("pk"))["pk__max"] or 0) + 1_000_000,
        kind=OrganizationKind.STANDING_COMMITTEE,
        unit=hierarchy.district_a,
        name="Ban Thường vụ Huyện ủy Hương Sơn",
    )

    page = district.get(reverse("registry:detail", args=[model.pk])).content.decode()
    select = re.search(r'<select[^>]*id="deciding-body"[^>]*>(.*?)</select>', page, re.S).group(1)
    offered = dict((name, value) for value, name in re.findall(r'<option value="([^"]*)">([^<]*)</option>', select))
    assert offered[deciding.name] == str(deciding.pk)

    response = act(
        district,
        model,
        "recognize",
        follow=True,
        decision="415-QĐ/HU",
        decided_on="20/11/2024",
        deciding_organization=offered[deciding.name],
    )
    assert response.status_code == 200
    assert [(r.level, r.deciding_organization) for r in reload(model).recognitions.all()] == [
        (Level.DISTRICT, deciding)
    ]


def test_a_commune_official_never_sees_another_communes_draft(
    make_model, client_for, commune_a1_official, hierarchy, district_a_staff
):
    from danvan.models import Role
    from tests.factories import MembershipFactory

    draft = make_model(submit=False)
    neighbour = MembershipFactory(organization=committee_for(hierarchy.commune_a2), role=Role.COMMUNE_OFFICIAL).user
    assert client_for(neighbour).get(reverse("registry:detail", args=[draft.pk])).status_code == 404
    assert client_for(commune_a1_official).get(reverse("registry:detail", args=[draft.pk])).status_code == 200
    # A draft is the commune's own work: the district sees it once it is registered.
    assert client_for(district_a_staff).get(reverse("registry:detail", args=[draft.pk])).status_code == 404
    assert draft.pk not in [m.pk for m in client_for(neighbour).get(reverse("registry:list")).context["page"]]


def test_the_queue_lists_what_waits_for_my_level(make_model, client_for, district_a_staff, province_staff):
    waiting = make_model(name="Chờ huyện")
    make_model(submit=False, name="Bản nháp")
    queue = client_for(district_a_staff).get(reverse("registry:queue")).context["page"]
    assert [m.name for m in queue] == ["Chờ huyện"]
    act(client_for(district_a_staff), waiting, "start_review", level="district")
    assert [m.name for m in client_for(district_a_staff).get(reverse("registry:queue")).context["page"]] == [
        "Chờ huyện"
    ]
    assert [m.name for m in client_for(province_staff).get(reverse("registry:queue")).context["page"]] == []


def test_the_registration_form_keeps_what_was_typed(hierarchy, client_for, commune_a1_official):
    response = client_for(commune_a1_official).post(
        reverse("registry:create"),
        {
            "registering_organization": committee_for(hierarchy.commune_a1).pk,
            "name": "Camera an ninh khu dân cư",
            "subject_kind": "individual",
            "field": Field.objects.get(code="quoc-phong-an-ninh").pk,
            "registration_year": "1999",
            "situation": "Nhiều vụ trộm cắp vặt",
            "starts_on": "32/01/2024",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200 and not EmulationModel.objects.exists()
    assert "Camera an ninh khu dân cư" in body and "Nhiều vụ trộm cắp vặt" in body and "32/01/2024" in body
    assert "từ năm 2009" in body and "họ tên" in body


def test_statistics_roll_up_over_the_subtree(make_model, client_for, province_staff, hierarchy, commune_b1_official):
    make_model()
    make_model(name="Khác")
    make_model(unit="commune_b1", user=commune_b1_official)
    response = client_for(province_staff).get(
        reverse("registry:statistics"), {"organization": committee_for(hierarchy.province).pk}
    )
    assert response.context["grand_total"] == 3
    rows = {row["unit"].name: row["total"] for row in response.context["child_rows"]}
    assert rows == {"Hương Sơn": 2, "Hồng Lĩnh": 1}


def test_the_list_keeps_a_fixed_query_budget(make_model, client_for, province_staff, django_assert_max_num_queries):
    client = client_for(province_staff)
    for n in range(3):
        make_model(name=f"Mô hình {n}")
    with django_assert_max_num_queries(10) as few:
        client.get(reverse("registry:list"))
    for n in range(60):
        make_model(name=f"Mô hình thêm {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("registry:list"), {"q": "mo hinh"})
    assert len(response.context["page"]) == 50


def test_a_long_list_counts_only_up_to_the_cap(make_model, client_for, province_staff, settings):
    settings.LIST_COUNT_CAP = 4
    for n in range(6):
        make_model(name=f"Mô hình {n}")
    client = client_for(province_staff)
    body = client.get(reverse("registry:list")).content.decode()
    assert "Hơn 4 mô hình" in body and "6 mô hình" not in body
    narrowed = client.get(reverse("registry:list"), {"q": "mo hinh 5"})
    assert narrowed.context["page"].paginator.count == 1 and "1 mô hình" in narrowed.content.decode()


def test_a_draft_is_edited_and_a_concurrent_edit_is_refused(make_model, client_for, commune_a1_official, hierarchy):
    draft = make_model(submit=False)
    first, second = client_for(commune_a1_official), client_for(commune_a1_official)
    url = reverse("registry:edit", args=[draft.pk])
    form = first.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None and name != "field"}
    data.update(
        {
            "registering_organization": committee_for(hierarchy.commune_a1).pk,
            "field": draft.field_id,
            "subject_kind": "collective",
            "registration_year": "2024",
            "lock_version": "0",
        }
    )
    assert first.post(url, {**data, "name": "Tên sửa lần một"}).status_code == 302
    refused = second.post(url, {**data, "name": "Tên sửa lần hai"})
    body = refused.content.decode()
    assert refused.status_code == 200 and "Tên sửa lần một" in body and "Tên sửa lần hai" in body
    assert reload(draft).name == "Tên sửa lần một"
