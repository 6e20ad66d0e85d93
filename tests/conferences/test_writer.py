"""`write_conference`: the one writer of a conference and its rows, whoever calls it."""

import datetime

import pytest
from django.core.exceptions import FieldDoesNotExist, ValidationError

from conferences.models import DirectiveStatus
from conferences.services import ConferenceData, finalize_conference, report_directive_progress, write_conference
from danvan.locking import StaleEdit
from danvan.organizations import committee_for

pytestmark = pytest.mark.django_db


def edit_of(conference, **changes) -> ConferenceData:
    """The conference as an editor opened it, its rows listed with their ids, with `changes`."""
    attendees = [
        {"id": a.pk, "name": a.person.full_name, "role": a.role, "position": a.position}
        for a in conference.attendees.select_related("person")
    ]
    opened = {"fields": {"title": conference.title}, "attendees": attendees, "lock_version": conference.lock_version}
    return ConferenceData(**{**opened, **changes})


def test_a_row_with_an_id_is_changed_a_removed_one_deleted_and_an_unlisted_one_kept(make_conference, full_rows):
    conference = make_conference(**full_rows)
    kept_figure = conference.figures.get()
    first, second = conference.attendees.order_by("order")
    data = edit_of(conference, removed={"attendees": [first.pk]})
    data.attendees = [{**data.attendees[1], "position": "Trưởng Ban Dân vận"}, {"name": "Lê Thị Hoa", "role": "thu_ky"}]

    write_conference(conference, data, acting_user=None)

    rows = list(conference.attendees.order_by("order").values_list("pk", "person__full_name", "position", "order"))
    assert rows[0] == (second.pk, "Trần Quốc Hoàng", "Trưởng Ban Dân vận", 0)
    assert rows[1][1:] == ("Lê Thị Hoa", "", 1) and len(rows) == 2
    assert list(conference.figures.all()) == [kept_figure]


def test_ids_of_another_conferences_rows_are_never_touched(make_conference, full_rows):
    mine, theirs = make_conference(), make_conference("commune_a2", **full_rows)
    their_row = theirs.attendees.first()
    data = edit_of(mine, removed={"attendees": [their_row.pk]})
    data.attendees = [{"id": their_row.pk, "name": "Tên vừa gõ", "role": "dai_bieu"}]

    write_conference(mine, data, acting_user=None)

    assert theirs.attendees.count() == 2 and theirs.attendees.filter(pk=their_row.pk).exists()
    assert mine.attendees.get().person.full_name == "Tên vừa gõ"


def test_a_stale_version_and_a_final_conference_are_refused(make_conference):
    conference = make_conference()
    opened = edit_of(conference)
    write_conference(conference, edit_of(conference, fields={"title": "Sửa lần một"}), acting_user=None)
    with pytest.raises(StaleEdit):
        write_conference(conference, opened, acting_user=None)
    finalize_conference(conference, acting_user=None)
    with pytest.raises(ValidationError):
        write_conference(conference, edit_of(conference), acting_user=None)


def test_a_key_that_names_no_field_is_an_error_not_silently_dropped(make_conference):
    with pytest.raises(FieldDoesNotExist):
        make_conference(figures=[{"indicator": "mô hình", "value": 3, "units": "mô hình"}])


def test_removing_the_unit_still_at_work_completes_the_directive(make_conference, hierarchy, district_a_staff):
    a1, a2 = committee_for(hierarchy.commune_a1), committee_for(hierarchy.commune_a2)
    conference = make_conference(
        "district_a", board=True, directives=[{"text": "Rà soát mô hình.", "responsible_organizations": [a1, a2]}]
    )
    directive = conference.directives.get()
    report_directive_progress(
        directive,
        organization=a1,
        text="Xong.",
        status=DirectiveStatus.DONE,
        reported_on=datetime.date(2024, 9, 1),
        acting_user=district_a_staff,
    )
    directive.refresh_from_db()
    assert directive.status == DirectiveStatus.IN_PROGRESS

    data = edit_of(
        conference, directives=[{"id": directive.pk, "text": directive.text, "responsible_organizations": [a1]}]
    )
    conference.refresh_from_db()
    data.lock_version = conference.lock_version
    write_conference(conference, data, acting_user=None)

    directive.refresh_from_db()
    assert (directive.status, directive.completed_on) == (DirectiveStatus.DONE, datetime.date(2024, 9, 1))
