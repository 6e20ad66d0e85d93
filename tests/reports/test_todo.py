"""The home page's to-do list is the queue's query, with counts and links; the dashboard names what it counts (#13)."""

import datetime

import pytest
from django.urls import reverse

from conferences.services import create_conference
from danvan.organizations import committee_for, mass_mobilization_board_for
from tests.conftest import ON

pytestmark = pytest.mark.django_db


def _todo(client) -> dict:
    return {str(todo.title): todo for todo in client.get(reverse("home")).context["todo"]}


def test_the_home_page_lists_what_the_queue_lists_with_its_count_and_link(
    movement, client_for, commune_b1_official, commune_b1_registrar, hierarchy
):
    from tests.reports.conftest import register

    register(committee_for(hierarchy.commune_b1), commune_b1_registrar, "Mô hình vừa gửi")
    client = client_for(commune_b1_official)
    queue = client.get(reverse("registry:queue")).context["page"]
    todo = _todo(client)["Mô hình chờ tôi thẩm định"]
    assert todo.count == queue.paginator.count >= 1
    assert [model.pk for model in todo.rows] == [model.pk for model in queue.object_list][: len(todo.rows)]
    html = client.get(reverse("home")).content.decode()
    assert "Mô hình vừa gửi" in html and f'href="{reverse("registry:queue")}"' in html
    assert "Không có việc nào đang chờ" not in html


def test_directives_my_unit_must_report_on_and_my_drafts_are_on_my_list(
    movement, client_for, commune_a1_official, hierarchy
):
    create_conference(
        organizer=committee_for(hierarchy.commune_a1),
        fields={"kind": "so_ket", "title": "Hội nghị sơ kết đang soạn", "held_on": datetime.date(2024, 6, 1)},
        acting_user=commune_a1_official,
    )
    todo = _todo(client_for(commune_a1_official))
    directives = todo["Kết luận đơn vị tôi phải báo cáo tiến độ"]
    # Commune A1 has one open share (the boundary-posts directive); the district's own directives are not its to do.
    assert [directive.text for directive in directives.rows] == ["Nhân rộng mô hình tổ tự quản đường biên, cột mốc."]
    assert [conference.title for conference in todo["Biên bản nháp tôi đang soạn"].rows] == [
        "Hội nghị sơ kết đang soạn"
    ]
    assert [model.name for model in todo["Mô hình nháp của tôi cần hoàn thiện và đăng ký"].rows] == [
        "Bản nháp chưa gửi"
    ]


def test_nothing_waiting_says_so(client_for, system_admin):
    html = client_for(system_admin).get(reverse("home")).content.decode()
    assert "Không có việc nào đang chờ" in html


def test_the_dashboard_says_it_counts_final_minutes_and_shows_drafts_apart(
    movement, client_for, district_a_staff, hierarchy
):
    create_conference(
        organizer=mass_mobilization_board_for(hierarchy.district_a, on=ON),
        fields={"kind": "so_ket", "title": "Biên bản còn nháp", "held_on": datetime.date(2023, 7, 1)},
        acting_user=district_a_staff,
    )
    response = client_for(district_a_staff).get(reverse("reports:dashboard"))
    numbers = response.context["numbers"]
    assert (numbers["conferences"], numbers["draft_conferences"]) == (1, 1)
    html = response.content.decode()
    assert "Hội nghị có biên bản đã chốt" in html and "và 1 biên bản nháp, chưa tính" in html
