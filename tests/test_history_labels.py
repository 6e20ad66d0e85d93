"""The change history reads as the page does: field and choice labels, names of related rows,
dates day first, yes or no; never a stored code or a Python list of ids."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from conferences.models import Attendee, DirectiveStatus
from conferences.services import create_conference, finalize_conference, report_directive_progress
from danvan.history import history_of
from danvan.organizations import committee_for, mass_mobilization_board_for
from models_registry.models import Field
from models_registry.services import perform, register_model, update_draft
from tests.conftest import ON

pytestmark = pytest.mark.django_db

RAW = re.compile(r"\b(draft|registered|under_review|returned|not_started|in_progress|done|final)\b|\{'|\[|\]")


def _audit_trail(response) -> str:
    """The “Change history” section of a detail page."""
    assert response.status_code == 200
    return response.content.decode().split('id="audit-h"', 1)[1].split("</section>", 1)[0]


def _directive(hierarchy, **fields):
    conference = create_conference(
        organizer=mass_mobilization_board_for(hierarchy.district_a, on=ON),
        fields={"kind": "so_ket", "title": "Hội nghị sơ kết", "held_on": ON},
        directives=[
            {
                "text": "Rà soát mô hình dân vận khéo.",
                "deadline": datetime.date(2024, 9, 30),
                "responsible_organizations": [committee_for(hierarchy.commune_a1)],
                **fields,
            }
        ],
    )
    return conference.directives.get()


def test_a_models_history_shows_status_labels_field_names_and_dates(
    hierarchy, commune_a1_registrar, commune_a1_official, client_for
):
    economy, _ = Field.objects.get_or_create(code="kinh-te", defaults={"name": "Kinh tế"})
    culture, _ = Field.objects.get_or_create(code="van-hoa-xa-hoi", defaults={"name": "Văn hóa – xã hội"})
    commune = committee_for(hierarchy.commune_a1)
    model = register_model(
        organization=commune,
        fields={
            "name": "Tổ tự quản đường biên",
            "subject_kind": "collective",
            "field": economy,
            "registration_year": 2024,
        },
        acting_user=commune_a1_registrar,
        submit=True,
    )
    perform(model, "start_review", actor=commune_a1_official, level="commune")
    perform(model, "return", actor=commune_a1_official, note="Bổ sung thời gian thực hiện.")
    model.refresh_from_db()
    update_draft(
        model,
        organization=commune,
        fields={"field": culture, "starts_on": datetime.date(2024, 3, 1)},
        acting_user=commune_a1_registrar,
        lock_version=model.lock_version,
    )

    page = client_for(commune_a1_official).get(reverse("registry:detail", args=[model.pk]))

    trail = _audit_trail(page)
    assert "Trạng thái: “bản nháp” → “đã đăng ký”" in trail
    assert "Trạng thái: “đã đăng ký” → “đang thẩm định”" in trail
    assert "Trạng thái: “đang thẩm định” → “trả lại để bổ sung”" in trail
    assert "Lĩnh vực: “Kinh tế” → “Văn hóa – xã hội”" in trail
    assert "Bắt đầu: “—” → “01/03/2024”" in trail
    assert not RAW.search(trail), RAW.search(trail)
    assert "2024-03-01" not in trail
    workflow = page.content.decode().split('id="history-h"', 1)[1].split("</section>", 1)[0]
    assert "bản nháp → đã đăng ký" in workflow
    assert "đang thẩm định → trả lại để bổ sung (cấp xã)" in workflow
    assert not RAW.search(workflow)


def test_the_change_history_names_who_registered_and_who_acted(
    hierarchy, commune_a1_registrar, commune_a1_official, client_for
):
    commune_a1_official.first_name, commune_a1_official.last_name = "Thẩm định", "Viên"
    commune_a1_official.save()
    model = register_model(
        organization=committee_for(hierarchy.commune_a1),
        fields={
            "name": "Tổ tự quản đường biên",
            "subject_kind": "collective",
            "field": Field.objects.get_or_create(code="kinh-te", defaults={"name": "Kinh tế"})[0],
            "registration_year": 2024,
        },
        acting_user=commune_a1_registrar,
        submit=True,
    )
    perform(model, "start_review", actor=commune_a1_official, level="commune")
    entries = _audit_trail(client_for(commune_a1_official).get(reverse("registry:detail", args=[model.pk])))
    entries = entries.split("<li class=")[1:]
    acted = next(entry for entry in entries if "“đã đăng ký” → “đang thẩm định”" in entry)
    registered = next(entry for entry in entries if "“bản nháp” → “đã đăng ký”" in entry)
    assert commune_a1_official.get_full_name() in acted
    assert commune_a1_registrar.username in registered or commune_a1_registrar.get_full_name() in registered
    assert " · — · " not in entries[-1]  # the creation names its author too


def test_a_directives_history_names_its_responsible_units_and_reads_its_status(hierarchy, district_a_staff, client_for):
    a1, a2 = committee_for(hierarchy.commune_a1), committee_for(hierarchy.commune_a2)
    directive = _directive(hierarchy)
    directive.responsible_organizations.add(a2)
    directive.deadline = datetime.date(2024, 10, 31)
    directive.save()
    for unit in (a1, a2):
        report_directive_progress(
            directive,
            organization=unit,
            text="Đã rà soát xong.",
            status=DirectiveStatus.DONE,
            reported_on=datetime.date(2024, 9, 1),
            acting_user=district_a_staff,
        )

    page = client_for(district_a_staff).get(reverse("conferences:directive-detail", args=[directive.pk]))

    trail = _audit_trail(page)
    assert "Đơn vị thực hiện: “—” → “Đảng ủy xã Sơn Lâm”" in trail
    assert "Đơn vị thực hiện: “Đảng ủy xã Sơn Lâm” → “Đảng ủy xã Sơn Kim 1, Đảng ủy xã Sơn Lâm”" in trail
    assert "Thời hạn: “30/09/2024” → “31/10/2024”" in trail
    assert "Trạng thái: “chưa thực hiện” → “" in trail and "→ “hoàn thành”" in trail
    assert not RAW.search(trail), RAW.search(trail)
    assert "organization" not in trail and str(a1.pk) not in re.sub(r"\d{2}[/:]\d{2}(/\d{4})?", "", trail)


def test_a_conferences_history_reads_its_status_and_dates(hierarchy, district_a_staff, client_for):
    conference = _directive(hierarchy).conference
    conference.held_on = datetime.date(2024, 7, 18)
    conference.save()
    finalize_conference(conference, acting_user=district_a_staff)

    page = client_for(district_a_staff).get(reverse("conferences:detail", args=[conference.pk]))

    trail = _audit_trail(page)
    assert "Ngày: “17/07/2024” → “18/07/2024”" in trail
    assert "Trạng thái: “bản nháp” → “chính thức”" in trail
    assert not RAW.search(trail), RAW.search(trail)


def test_the_history_reads_in_english_on_the_english_site(hierarchy, district_a_staff, client_for):
    directive = _directive(hierarchy)
    directive.status = DirectiveStatus.IN_PROGRESS
    directive.save()

    with translation.override("en"):
        url = reverse("conferences:directive-detail", args=[directive.pk])
    page = client_for(district_a_staff).get(url)

    trail = _audit_trail(page)
    assert "Status: “not started” → “in progress”" in trail
    assert "Responsible organizations: “—” → “Đảng ủy xã Sơn Lâm”" in trail


def test_yes_and_no_not_true_and_false(hierarchy):
    conference = create_conference(
        organizer=committee_for(hierarchy.commune_a1),
        fields={"kind": "so_ket", "title": "Hội nghị", "held_on": ON},
        attendees=[{"name": "Nguyễn Văn An", "role": "chu_tri"}],
    )
    attendee = Attendee.objects.get(conference=conference)
    attendee.present = False
    attendee.save()

    (changed, _created) = history_of(attendee)

    assert ("có mặt", "Có", "Không") in changed.changes


def test_the_history_queries_do_not_grow_with_its_length(hierarchy):
    organizations = [committee_for(unit) for unit in (hierarchy.commune_a1, hierarchy.commune_a2, hierarchy.district_a)]
    directive = _directive(hierarchy)
    with CaptureQueriesContext(connection) as short:
        assert len(history_of(directive)) == 2
    for number in range(12):
        directive.responsible_organizations.set(organizations[: number % 3 + 1])
        directive.deadline = datetime.date(2024, 10, 1 + number)
        directive.save()

    with CaptureQueriesContext(connection) as long:
        entries = history_of(directive)

    assert len(entries) > 12
    assert len(long.captured_queries) <= len(short.captured_queries) + 2  # the names of the units and nothing more
