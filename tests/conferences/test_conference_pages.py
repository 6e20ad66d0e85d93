"""Conference pages over HTTP: scope, editing with inline rows, final minutes, search, query budget."""

import pytest
from django.urls import reverse

from conferences.models import Conference, ConferenceStatus
from conferences.services import finalize_conference
from danvan.models import Person
from danvan.organizations import committee_for

pytestmark = pytest.mark.django_db


def detail_url(conference):
    return reverse("conferences:detail", args=[conference.pk])


def titles(response) -> set[str]:
    return {conference.title for conference in response.context["page"]}


def test_the_list_shows_only_conferences_in_the_scope(
    make_conference, client_for, district_a_staff, commune_a1_official
):
    make_conference("commune_a1", title="Sơn Lâm")
    make_conference("commune_a2", title="Sơn Kim")
    make_conference("commune_b1", title="Nam Hồng")
    make_conference("district_a", title="Hương Sơn", board=True)
    assert titles(client_for(district_a_staff).get(reverse("conferences:list"))) == {"Sơn Lâm", "Sơn Kim", "Hương Sơn"}
    assert titles(client_for(commune_a1_official).get(reverse("conferences:list"))) == {"Sơn Lâm"}


@pytest.mark.parametrize(
    "persona, expected",
    [("commune_a1_official", 200), ("district_a_staff", 200), ("district_a_leader", 200), ("commune_b1_official", 404)],
)
def test_a_commune_draft_is_seen_inside_its_scope_only(request, make_conference, client_for, persona, expected):
    conference = make_conference("commune_a1")
    user = request.getfixturevalue(persona)
    assert client_for(user).get(detail_url(conference)).status_code == expected


@pytest.mark.parametrize(
    "persona, expected",
    [("commune_a1_official", 200), ("district_a_staff", 200), ("district_a_leader", 403), ("commune_b1_official", 404)],
)
def test_only_writing_roles_inside_the_scope_may_edit(request, make_conference, client_for, persona, expected):
    conference = make_conference("commune_a1")
    user = request.getfixturevalue(persona)
    assert client_for(user).get(reverse("conferences:edit", args=[conference.pk])).status_code == expected


def management(prefix: str, total: int) -> dict:
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": "0", f"{prefix}-MIN_NUM_FORMS": "0"}


def new_conference_post(organizer, **overrides) -> dict:
    data = {
        "organizer": organizer.pk,
        "kind": "tong_ket",
        "title": "Hội nghị tổng kết phong trào thi đua “Dân vận khéo” giai đoạn 2019 – 2024",
        "held_on": "17/07/2024",
        "starts_at": "08:00",
        "place": "Hội trường Đảng ủy xã",
        "period": "giai đoạn 2019 – 2024",
        **management("attendees", 2),
        "attendees-0-full_name": "Nguyễn Viết Dũng",
        "attendees-0-position": "PBT Thường trực Huyện ủy",
        "attendees-0-role": "du_chi_dao",
        "attendees-0-present": "on",
        "attendees-1-full_name": "Trần Quỳnh",
        "attendees-1-position": "Chánh Văn phòng HĐND - UBND huyện",
        "attendees-1-role": "dai_bieu",
        "attendees-1-absence_reason": "Đi công tác",
        **management("documents", 1),
        "documents-0-code": "Nghị quyết số 09 – NQ/TU",
        "documents-0-issued_on": "19/08/2009",
        "documents-0-relation": "reviewed",
        **management("figures", 1),
        "figures-0-indicator": "tập thể đăng ký",
        "figures-0-value": "1.772",
        "figures-0-unit": "cá nhân",
        **management("directives", 1),
        "directives-0-text": "Chú trọng nâng cao chất lượng phong trào thi đua “Dân vận khéo”.",
        "directives-0-responsible_organizations": [organizer.pk],
        "directives-0-deadline": "31/12/2024",
        "directives-0-status": "not_started",
        **management("commendations", 1),
        "commendations-0-recipient_kind": "collective",
        "commendations-0-count": "7",
        "commendations-0-form": "bieu_duong",
    }
    data.update(overrides)
    return data


def test_district_staff_enter_a_conference_with_all_its_rows(hierarchy, client_for, district_a_staff):
    organizer = committee_for(hierarchy.commune_a1)
    response = client_for(district_a_staff).post(reverse("conferences:create"), new_conference_post(organizer))
    conference = Conference.objects.get()
    assert response.status_code == 302 and response.url == detail_url(conference)
    assert conference.status == ConferenceStatus.DRAFT and conference.created_by == district_a_staff
    attendees = list(conference.attendees.select_related("person"))
    assert [(a.person.full_name, a.role, a.present) for a in attendees] == [
        ("Nguyễn Viết Dũng", "du_chi_dao", True),
        ("Trần Quỳnh", "dai_bieu", False),
    ]
    assert conference.document_links.get().document.code == "09-NQ/TU"
    assert conference.figures.get().value == 1772
    directive = conference.directives.get()
    assert list(directive.responsible_organizations.all()) == [organizer]
    assert conference.commendations.get().count == 7


def test_the_person_register_links_the_same_official_across_conferences(hierarchy, client_for, district_a_staff):
    organizer = committee_for(hierarchy.commune_a1)
    client = client_for(district_a_staff)
    client.post(reverse("conferences:create"), new_conference_post(organizer))
    client.post(
        reverse("conferences:create"), new_conference_post(organizer, **{"attendees-0-full_name": "nguyễn viết  dũng"})
    )
    assert Conference.objects.count() == 2
    assert Person.objects.filter(full_name__iexact="Nguyễn Viết Dũng").count() == 1


def test_an_invalid_submission_keeps_every_typed_value_and_saves_nothing(hierarchy, client_for, district_a_staff):
    organizer = committee_for(hierarchy.commune_a1)
    data = new_conference_post(organizer, **{"documents-0-code": "Nghị quyết của Tỉnh ủy", "held_on": "31/02/2024"})
    response = client_for(district_a_staff).post(reverse("conferences:create"), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert Conference.objects.count() == 0 and Person.objects.count() == 0
    assert "Nghị quyết của Tỉnh ủy" in body and "Nguyễn Viết Dũng" in body and "Đi công tác" in body
    assert "Hãy sửa các lỗi dưới đây" in body
    assert "Nhập một ngày hợp lệ" in body  # Django's own Vietnamese message for 31/02


def test_the_organizer_must_exist_on_the_conference_date(hierarchy, client_for, province_staff):
    from danvan.models import Organization

    organizer = committee_for(hierarchy.commune_a1)
    Organization.objects.filter(pk=organizer.pk).update(valid_until="2020-12-31")
    response = client_for(province_staff).post(reverse("conferences:create"), new_conference_post(organizer))
    assert Conference.objects.count() == 0
    assert "không tồn tại vào ngày 17/07/2024" in response.content.decode()


def test_a_commune_official_cannot_enter_a_conference_for_another_commune(hierarchy, client_for, commune_a1_official):
    other = committee_for(hierarchy.commune_b1)
    response = client_for(commune_a1_official).post(reverse("conferences:create"), new_conference_post(other))
    assert response.status_code == 200 and Conference.objects.count() == 0
    assert "Lựa chọn không hợp lệ" in response.content.decode() or "Hãy chọn" in response.content.decode()


def test_final_minutes_are_read_only_and_corrected_by_a_new_version(
    make_conference, full_rows, client_for, district_a_staff
):
    conference = make_conference("commune_a1", **full_rows)
    client = client_for(district_a_staff)
    client.post(reverse("conferences:finalize", args=[conference.pk]), {"minutes_number": "01-BB/ĐU", "confirm": "on"})
    conference.refresh_from_db()
    assert conference.status == ConferenceStatus.FINAL
    edit = client.get(reverse("conferences:edit", args=[conference.pk]))
    assert edit.status_code == 302
    posted = client.post(reverse("conferences:edit", args=[conference.pk]), {"title": "sửa lén"})
    conference.refresh_from_db()
    assert posted.status_code == 302 and conference.title != "sửa lén"

    response = client.post(reverse("conferences:correct", args=[conference.pk]), {"reason": "Sai tên đại biểu"})
    correction = Conference.objects.get(previous_version=conference)
    assert response.url == reverse("conferences:edit", args=[correction.pk])
    conference.refresh_from_db()
    assert conference.status == ConferenceStatus.SUPERSEDED
    assert (correction.status, correction.version, correction.correction_reason) == ("draft", 2, "Sai tên đại biểu")
    assert correction.attendees.count() == 2 and conference.attendees.count() == 2
    assert correction.directives.count() == 1
    listed = client.get(reverse("conferences:list"))
    assert [c.pk for c in listed.context["page"]] == [correction.pk]


def test_a_correction_needs_a_reason(make_conference, client_for, district_a_staff):
    conference = make_conference("commune_a1")
    finalize_conference(conference, acting_user=district_a_staff)
    client_for(district_a_staff).post(reverse("conferences:correct", args=[conference.pk]), {"reason": ""})
    assert not Conference.objects.filter(previous_version=conference).exists()


def test_leadership_cannot_finalize(make_conference, client_for, district_a_leader):
    conference = make_conference("commune_a1")
    assert client_for(district_a_leader).post(reverse("conferences:finalize", args=[conference.pk])).status_code == 403
    conference.refresh_from_db()
    assert conference.status == ConferenceStatus.DRAFT


def test_search_ignores_diacritics(make_conference, client_for, province_staff):
    make_conference("commune_a1", title="Hội nghị của Đảng ủy xã Sơn Lâm")
    make_conference("commune_b1", title="Hội nghị phường Nam Hồng")
    client = client_for(province_staff)
    assert titles(client.get(reverse("conferences:list"), {"q": "son lam"})) == {"Hội nghị của Đảng ủy xã Sơn Lâm"}
    assert titles(client.get(reverse("conferences:list"), {"q": "ĐẢNG ỦY XÃ"})) == {"Hội nghị của Đảng ủy xã Sơn Lâm"}


def test_filters_by_subtree_kind_year_and_status(hierarchy, make_conference, client_for, province_staff):
    import datetime

    make_conference("commune_a1", title="A1 2024")
    make_conference("commune_a2", title="A2 2023", held_on=datetime.date(2023, 8, 11))
    make_conference("commune_b1", title="B1 2024")
    client = client_for(province_staff)
    district_a = committee_for(hierarchy.district_a)
    assert titles(client.get(reverse("conferences:list"), {"organization": district_a.pk})) == {"A1 2024", "A2 2023"}
    assert titles(client.get(reverse("conferences:list"), {"year": 2023})) == {"A2 2023"}
    assert titles(client.get(reverse("conferences:list"), {"status": "final"})) == set()
    assert titles(client.get(reverse("conferences:list"), {"kind": "so_ket", "period": "6 tháng"})) == {
        "A1 2024",
        "A2 2023",
        "B1 2024",
    }


def test_the_list_keeps_a_fixed_query_budget_as_rows_grow(
    make_conference, full_rows, client_for, province_staff, django_assert_max_num_queries
):
    client = client_for(province_staff)
    for _ in range(3):
        make_conference("commune_a1", **full_rows)
    with django_assert_max_num_queries(10) as few:
        client.get(reverse("conferences:list"))
    for _ in range(30):
        make_conference("commune_b1", **full_rows)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("conferences:list"))
    assert len(response.context["page"]) == 25


def test_the_detail_page_keeps_a_fixed_query_budget(
    make_conference, full_rows, client_for, province_staff, django_assert_max_num_queries
):
    rows = {**full_rows, "attendees": full_rows["attendees"] * 20}
    conference = make_conference("commune_a1", **rows)
    client = client_for(province_staff)
    with django_assert_max_num_queries(16):
        response = client.get(detail_url(conference))
    assert response.status_code == 200 and len(response.context["conference"].attendees.all()) == 40


VANISHED_ROW = "Người khác đã xóa dòng này sau khi bạn mở trang"


def page_values(page) -> dict:
    """What a browser would post back from an edit page, as it was rendered."""
    data = {}
    forms = [page.context["form"]]
    for formset in page.context["formsets"].values():
        forms += [formset.management_form, *formset.forms]
    for form in forms:
        for field in form:
            value = field.value()
            if value is None or value is False or value == "":
                continue
            if value is True:
                value = "on"
            data[field.html_name] = [str(item) for item in value] if isinstance(value, list) else str(value)
    return data


def test_saving_a_page_whose_row_someone_else_deleted_shows_the_form_again(
    make_conference, full_rows, client_for, district_a_staff, commune_a1_official
):
    conference = make_conference("commune_a1", **full_rows)
    edit_url = reverse("conferences:edit", args=[conference.pk])
    late = client_for(commune_a1_official)
    late_data = page_values(late.get(edit_url))
    early = client_for(district_a_staff)
    assert early.post(edit_url, {**page_values(early.get(edit_url)), "attendees-0-DELETE": "on"}).status_code == 302
    typed = {"title": "Tiêu đề xã sửa", "attendees-0-position": "Chức vụ xã vừa gõ"}

    response = late.post(edit_url, {**late_data, **typed})

    body = response.content.decode()
    assert response.status_code == 200
    assert VANISHED_ROW in body and "Tiêu đề xã sửa" in body and "Chức vụ xã vừa gõ" in body
    conference.refresh_from_db()
    assert conference.title != "Tiêu đề xã sửa" and conference.attendees.count() == 1
    # Saved again (after the conflict page), the row comes back as a new row with what was typed.
    shown = page_values(response)
    assert "attendees-0-id" not in shown
    conflict = late.post(edit_url, shown)
    assert "đã lưu bản ghi này trong lúc bạn đang sửa" in conflict.content.decode()
    assert late.post(edit_url, page_values(conflict)).status_code == 302
    assert set(conference.attendees.values_list("position", flat=True)) == {
        "Chức vụ xã vừa gõ",
        "Phó Trưởng Ban Dân vận Huyện ủy",
    }


@pytest.mark.parametrize("row_id", ["999999", "abc", "9" * 20, "-1", "1.5", "\x00"])
def test_a_row_id_that_names_no_row_of_the_conference_is_an_error_not_a_crash(
    make_conference, full_rows, client_for, district_a_staff, row_id
):
    conference = make_conference("commune_a1", **full_rows)
    edit_url = reverse("conferences:edit", args=[conference.pk])
    client = client_for(district_a_staff)
    data = {**page_values(client.get(edit_url)), "attendees-0-id": row_id, "attendees-0-full_name": "Tên vừa gõ"}

    response = client.post(edit_url, data)

    assert response.status_code == 200
    body = response.content.decode()
    assert VANISHED_ROW in body and "Tên vừa gõ" in body
    assert conference.attendees.count() == 2


@pytest.mark.parametrize("organization_id", ["9" * 20, "-" + "9" * 20, "18446744073709551616", "abc"])
def test_an_id_too_large_for_the_database_is_an_invalid_choice(
    hierarchy, client_for, district_a_staff, organization_id
):
    organizer = committee_for(hierarchy.commune_a1)
    data = new_conference_post(organizer, **{"directives-0-responsible_organizations": [organization_id]})

    response = client_for(district_a_staff).post(reverse("conferences:create"), data)

    assert response.status_code == 200
    assert f"Hãy chọn một lựa chọn hợp lệ. {organization_id} không phải" in response.content.decode()
    assert Conference.objects.count() == 0


def test_a_huge_row_count_is_refused_without_building_the_rows(hierarchy, client_for, district_a_staff):
    """TOTAL_FORMS is posted by the browser: 10^20 rows once meant 2,000 forms per table, a minute per request."""
    organizer = committee_for(hierarchy.commune_a1)
    data = new_conference_post(organizer, **{f"{prefix}-TOTAL_FORMS": "9" * 20 for prefix in ("attendees", "figures")})

    response = client_for(district_a_staff).post(reverse("conferences:create"), data)

    assert response.status_code == 200
    assert "Bảng này chỉ nhập được tối đa 300 dòng." in response.content.decode()
    assert len(response.context["formsets"]["attendees"].forms) == 300
    assert len(response.context["formsets"]["figures"].forms) == 100
    assert Conference.objects.count() == 0
