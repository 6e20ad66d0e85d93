"""Notifications over HTTP: the bell, the list (mine only), marking read, the daily e-mail's choices; who is told what.

Producers: a model entering a reviewer's queue at its level, a model returned or recognized
(its author), a directive due or overdue (the writers of the organization owing the report),
a report ready (whoever asked for it).
"""

import datetime

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conferences.models import Conference, ConferenceStatus
from conferences.reminders import remind_directive_deadlines
from conferences.services import create_conference
from danvan.documents import parse_document_number
from danvan.models import DigestOptOut, Notification, NotificationKind, Role
from danvan.notifications import DAILY_CHECKS, notify, unread_count
from danvan.organizations import committee_for, mass_mobilization_board_for
from models_registry.models import Field
from models_registry.services import perform, register_model
from reports.periods import parse_period
from reports.services import ReportRequest, issue_report
from tests.conftest import ON
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def _texts(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).order_by("pk").values_list("text", flat=True))


@pytest.fixture
def field(db):
    return Field.objects.get_or_create(code="kinh-te", defaults={"name": "Kinh tế"})[0]


def _model(organization, user, field, name="Mô hình “Ngày thứ Bảy xanh”", submit=True):
    fields = {"name": name, "subject_kind": "collective", "field": field, "registration_year": 2024}
    return register_model(organization=organization, fields=fields, acting_user=user, submit=submit)


# Producers


def test_a_submitted_model_enters_the_queue_of_the_reviewers_at_its_level_only(
    hierarchy,
    field,
    commune_a1_official,
    commune_a1_registrar,
    commune_a2_registrar,
    commune_b1_official,
    district_a_staff,
    province_staff,
    system_admin,
):
    model = _model(committee_for(hierarchy.commune_a1), commune_a1_registrar, field)
    assert _texts(commune_a1_official) == [
        "“Mô hình “Ngày thứ Bảy xanh”” của Đảng ủy xã Sơn Lâm đang chờ bạn thẩm định ở cấp xã."
    ]
    notification = Notification.objects.get(recipient=commune_a1_official)
    assert notification.kind == NotificationKind.MODEL_TO_REVIEW
    assert notification.link == reverse("registry:detail", args=[model.pk])
    # Not whoever submitted it, nor another commune, nor the levels above before it is proposed to them
    # (the system administrator, who may act at every level, hears of the central one only).
    others = [commune_a1_registrar, commune_a2_registrar, commune_b1_official, district_a_staff, province_staff]
    for user in [*others, system_admin]:
        assert _texts(user) == []


def test_a_model_proposed_upward_enters_the_district_queue(
    hierarchy, field, commune_a1_official, commune_a1_registrar, district_a_staff, commune_b1_official
):
    organization = committee_for(hierarchy.commune_a1)
    model = _model(organization, commune_a1_registrar, field)
    perform(model, "start_review", actor=commune_a1_official, level="commune")
    perform(
        model,
        "recognize",
        actor=commune_a1_official,
        decision=parse_document_number("12-QĐ/ĐU"),
        decided_on=datetime.date(2024, 9, 1),
        deciding_organization=organization,
    )
    assert _texts(district_a_staff) == []
    perform(model, "propose", actor=commune_a1_official)
    assert [n.kind for n in Notification.objects.filter(recipient=district_a_staff)] == ["model_to_review"]
    assert "ở cấp huyện" in _texts(district_a_staff)[0]


def test_the_author_hears_of_a_return_with_its_reason_and_of_a_recognition(
    hierarchy, field, commune_a1_official, commune_a1_registrar, commune_b1_official
):
    organization = committee_for(hierarchy.commune_a1)
    model = _model(organization, commune_a1_registrar, field)
    perform(model, "start_review", actor=commune_a1_official, level="commune")
    perform(model, "return", actor=commune_a1_official, note="Bổ sung số liệu năm 2024.")
    perform(model, "submit", actor=commune_a1_registrar)
    perform(model, "start_review", actor=commune_a1_official, level="commune")
    perform(
        model,
        "recognize",
        actor=commune_a1_official,
        decision=parse_document_number("12-QĐ/ĐU"),
        decided_on=datetime.date(2024, 9, 1),
        deciding_organization=organization,
    )
    mine = Notification.objects.filter(recipient=commune_a1_registrar).order_by("pk")
    assert [(n.kind, n.text) for n in mine] == [
        (
            "model_returned",
            "“Mô hình “Ngày thứ Bảy xanh”” của bạn bị trả lại để bổ sung: Bổ sung số liệu năm 2024.",
        ),
        ("model_recognized", "“Mô hình “Ngày thứ Bảy xanh”” của bạn đã được công nhận cấp xã."),
    ]
    # The reviewer heard of the model twice (submitted twice), never of their own decisions.
    assert [n.kind for n in Notification.objects.filter(recipient=commune_a1_official)] == ["model_to_review"] * 2
    assert _texts(commune_b1_official) == []


def test_whoever_asked_for_a_report_hears_it_is_ready(
    hierarchy, commune_a1_official, district_a_staff, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    organization = committee_for(hierarchy.commune_a1)
    report = issue_report(
        ReportRequest(
            kind="conferences", organization=organization, user=commune_a1_official, period=parse_period("2024")
        ),
        in_background=False,
    )
    notification = Notification.objects.get(recipient=commune_a1_official)
    assert notification.kind == NotificationKind.REPORT_READY
    assert notification.text.startswith("Báo cáo “") and notification.text.endswith("” bạn yêu cầu đã in xong.")
    assert notification.link == reverse("reports:detail", args=[report.pk])
    assert _texts(district_a_staff) == []


@pytest.fixture
def due_directives(hierarchy, commune_a1_official, commune_b1_official, district_a_staff):
    """A district conference (final) giving commune A1 one task due in 5 days and one overdue; B1 one due too."""
    today = timezone.localdate()
    a1, b1 = committee_for(hierarchy.commune_a1), committee_for(hierarchy.commune_b1)
    conference = create_conference(
        organizer=mass_mobilization_board_for(hierarchy.district_a, on=ON),
        fields={"kind": "so_ket", "title": "Hội nghị sơ kết huyện Hương Sơn", "held_on": today},
        directives=[
            {
                "text": "Rà soát mô hình.",
                "deadline": today + datetime.timedelta(days=5),
                "responsible_organizations": [a1],
            },
            {"text": "Báo cáo quý.", "deadline": today - datetime.timedelta(days=2), "responsible_organizations": [a1]},
            {"text": "Việc xa.", "deadline": today + datetime.timedelta(days=30), "responsible_organizations": [a1]},
            {
                "text": "Việc của Nam Hồng.",
                "deadline": today + datetime.timedelta(days=1),
                "responsible_organizations": [b1],
            },
        ],
    )
    Conference.objects.filter(pk=conference.pk).update(status=ConferenceStatus.FINAL)
    return conference


def test_the_daily_check_reminds_the_owing_organization_once_per_directive(
    due_directives, commune_a1_official, commune_b1_official, district_a_staff, hierarchy
):
    today = timezone.localdate()
    # A second role in another responsible organization does not bring a second reminder.
    MembershipFactory(
        user=commune_a1_official, organization=committee_for(hierarchy.commune_b1), role=Role.COMMUNE_OFFICIAL
    )
    assert remind_directive_deadlines(today) == 4
    assert remind_directive_deadlines(today) == 0  # once only
    mine = Notification.objects.filter(recipient=commune_a1_official).order_by("kind", "pk")
    assert sorted((n.kind, n.text) for n in mine) == sorted(
        [
            (
                "directive_due",
                f"Nội dung chỉ đạo “Rà soát mô hình.” của Hội nghị sơ kết huyện Hương Sơn đến hạn ngày "
                f"{today + datetime.timedelta(days=5):%d/%m/%Y}.",
            ),
            (
                "directive_overdue",
                f"Nội dung chỉ đạo “Báo cáo quý.” của Hội nghị sơ kết huyện Hương Sơn đã đến hạn ngày "
                f"{today - datetime.timedelta(days=2):%d/%m/%Y} nhưng chưa hoàn thành.",
            ),
            (
                "directive_due",
                f"Nội dung chỉ đạo “Việc của Nam Hồng.” của Hội nghị sơ kết huyện Hương Sơn đến hạn ngày "
                f"{today + datetime.timedelta(days=1):%d/%m/%Y}.",
            ),
        ]
    )
    assert [n.kind for n in Notification.objects.filter(recipient=commune_b1_official)] == ["directive_due"]
    assert _texts(district_a_staff) == []  # the organizer's staff: the communes owe the reports
    # A new deadline reminds again.
    directive = due_directives.directives.get(text="Rà soát mô hình.")
    type(directive).objects.filter(pk=directive.pk).update(deadline=today + datetime.timedelta(days=6))
    assert remind_directive_deadlines(today) == 1


def test_the_daily_checks_are_registered_by_the_apps():
    assert remind_directive_deadlines in DAILY_CHECKS


# Pages


@pytest.fixture
def notified(hierarchy, commune_a1_official, commune_b1_official):
    a1, b1 = committee_for(hierarchy.commune_a1), committee_for(hierarchy.commune_b1)
    for n in range(3):
        notify([commune_a1_official], kind="report_ready", text=f"Tin Sơn Lâm {n}", organization=a1, link="/reports/")
    notify([commune_b1_official], kind="report_ready", text="Tin Nam Hồng", organization=b1, link="/reports/")
    return {
        "mine": list(Notification.objects.filter(recipient=commune_a1_official).order_by("pk")),
        "other": Notification.objects.get(recipient=commune_b1_official),
    }


def test_the_bell_counts_my_unread_notifications_on_every_page(notified, client_for, commune_a1_official):
    client = client_for(commune_a1_official)
    page = client.get(reverse("home")).content.decode()
    assert 'id="dv-bell-count">3<' in page
    assert "Thông báo: 3 chưa đọc" in page


def test_the_bell_costs_one_query(notified, client_for, commune_a1_official, django_assert_max_num_queries):
    client = client_for(commune_a1_official)
    client.get(reverse("unit-list"))
    with django_assert_max_num_queries(50) as captured:
        client.get(reverse("unit-list"))
    assert sum("danvan_notification" in query["sql"] for query in captured.captured_queries) == 1


def test_the_list_shows_mine_only(notified, client_for, commune_a1_official, province_staff, system_admin):
    page = client_for(commune_a1_official).get(reverse("notification-list")).content.decode()
    assert "Tin Sơn Lâm 0" in page and "Tin Sơn Lâm 2" in page
    assert "Tin Nam Hồng" not in page
    for user in (province_staff, system_admin):  # seeing both communes does not make them one's own
        page = client_for(user).get(reverse("notification-list")).content.decode()
        assert "Tin Sơn Lâm" not in page and "Chưa có thông báo nào." in page


def test_marking_one_read_and_opening_it(notified, client_for, commune_a1_official):
    client = client_for(commune_a1_official)
    first, second, _third = notified["mine"]
    response = client.post(reverse("notification-read", args=[first.pk]))
    assert response.status_code == 302 and response.url == reverse("notification-list")
    response = client.post(reverse("notification-read", args=[second.pk]), {"open": "1"})
    assert response.status_code == 302 and response.url == "/reports/"
    assert unread_count(commune_a1_official) == 1
    first.refresh_from_db()
    assert first.read_at is not None


def test_another_users_notification_is_not_found(notified, client_for, commune_a1_official, system_admin):
    other = notified["other"]
    for user in (commune_a1_official, system_admin):
        assert client_for(user).post(reverse("notification-read", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.read_at is None


def test_marking_read_is_a_post_with_its_csrf_token(notified, commune_a1_official):
    client = Client(enforce_csrf_checks=True)
    client.force_login(commune_a1_official)
    mine = notified["mine"][0]
    assert client.get(reverse("notification-read", args=[mine.pk])).status_code == 405
    assert client.post(reverse("notification-read", args=[mine.pk])).status_code == 403
    assert client.post(reverse("notification-read-all")).status_code == 403
    assert unread_count(commune_a1_official) == 3


def test_mark_all_read_marks_mine_only(notified, client_for, commune_a1_official):
    client = client_for(commune_a1_official)
    response = client.post(reverse("notification-read-all"), follow=True)
    assert "Đã đánh dấu tất cả thông báo là đã đọc." in response.content.decode()
    assert 'id="dv-bell-count"' not in response.content.decode()
    assert unread_count(commune_a1_official) == 0
    assert Notification.objects.get(pk=notified["other"].pk).read_at is None


def test_the_daily_email_choices_are_saved_per_kind(client_for, commune_a1_official):
    client = client_for(commune_a1_official)
    page = client.get(reverse("notification-preferences")).content.decode()
    assert page.count('type="checkbox"') == len(NotificationKind.values)
    assert page.count("checked") == len(NotificationKind.values)  # every kind until one opts out
    assert "Tài khoản của bạn chưa có địa chỉ thư điện tử" in page
    kept = [kind for kind in NotificationKind.values if kind != "directive_due"]
    response = client.post(reverse("notification-preferences"), {"kinds": kept})
    assert response.status_code == 302
    assert list(DigestOptOut.objects.filter(user=commune_a1_official).values_list("kind", flat=True)) == [
        "directive_due"
    ]
    assert client.get(reverse("notification-preferences")).content.decode().count("checked") == len(kept)


def test_a_notification_written_from_an_english_request_stays_vietnamese_without_the_prefix(
    hierarchy, field, commune_a1_official, commune_a1_registrar
):
    client = Client()
    client.force_login(commune_a1_registrar)
    model = _model(committee_for(hierarchy.commune_a1), commune_a1_registrar, field, submit=False)
    response = client.post(f"/en/registry/{model.pk}/act/submit/", {})
    assert response.status_code in (200, 302)
    notification = Notification.objects.get(recipient=commune_a1_official)
    assert "đang chờ bạn thẩm định" in notification.text
    assert not notification.link.startswith("/en/")


def test_the_command_refuses_a_malformed_date():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("send_daily_digest", "--date", "03/12/2026")


def test_an_inactive_user_is_not_notified(hierarchy, field, commune_a1_official, commune_a1_registrar):
    commune_a1_official.is_active = False
    commune_a1_official.save(update_fields=["is_active"])
    _model(committee_for(hierarchy.commune_a1), commune_a1_registrar, field)
    assert _texts(commune_a1_official) == []
