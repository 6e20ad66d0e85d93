"""Making minutes final: a confirmation, a number from the organizer's register, and a draft that looks like one."""

import datetime
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from conferences.models import Conference, ConferenceStatus
from conferences.services import correct_conference, create_conference, finalize_conference, next_minutes_number
from danvan.models import Role, UnitKind
from danvan.organizations import committee_for
from tests.conftest import ON
from tests.factories import AdministrativeUnitFactory, MembershipFactory, UserFactory
from tests.test_concurrency import in_a_thread, in_threads, shared_database  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "pdf"


def finalize_url(conference) -> str:
    return reverse("conferences:finalize", args=[conference.pk])


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "minutes.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, check=True, text=True).stdout
    return " ".join(text.split())


def test_the_finalize_page_asks_for_confirmation_and_offers_the_first_number(
    make_conference, client_for, district_a_staff
):
    conference = make_conference("commune_a1")
    response = client_for(district_a_staff).get(finalize_url(conference))
    assert response.status_code == 200
    assert response.context["form"]["minutes_number"].value() == "01-BB/ĐU"
    page = response.content.decode()
    assert 'name="confirm"' in page and "không thể sửa" in page


def test_the_form_offers_the_next_number_of_the_organizers_register_for_the_year(
    make_conference, client_for, district_a_staff
):
    finalize_conference(make_conference("commune_a1"), minutes_number="05-BB/ĐU", acting_user=district_a_staff)
    finalize_conference(
        make_conference("commune_a1", held_on=datetime.date(2023, 5, 4)),
        minutes_number="11-BB/ĐU",
        acting_user=district_a_staff,
    )
    finalize_conference(make_conference("commune_a2"), minutes_number="08-BB/ĐU", acting_user=district_a_staff)
    draft = make_conference("commune_a1", held_on=datetime.date(2024, 9, 1))
    response = client_for(district_a_staff).get(finalize_url(draft))
    assert response.context["form"]["minutes_number"].value() == "06-BB/ĐU"


def test_finalizing_with_the_offered_number_makes_the_minutes_final(make_conference, client_for, district_a_staff):
    conference = make_conference("commune_a1")
    response = client_for(district_a_staff).post(
        finalize_url(conference), {"minutes_number": "01-BB/ĐU", "confirm": "on"}
    )
    assert response.status_code == 302 and response.url == reverse("conferences:detail", args=[conference.pk])
    conference.refresh_from_db()
    assert (conference.status, conference.minutes_number) == (ConferenceStatus.FINAL, "01-BB/ĐU")
    assert conference.finalized_at is not None
    detail = client_for(district_a_staff).get(response.url).content.decode()
    assert "01-BB/ĐU" in detail and finalize_url(conference) not in detail


def test_finalizing_without_a_number_is_refused_and_changes_nothing(make_conference, client_for, district_a_staff):
    conference = make_conference("commune_a1")
    response = client_for(district_a_staff).post(finalize_url(conference), {"minutes_number": "", "confirm": "on"})
    assert response.status_code == 200
    assert response.context["form"].errors["minutes_number"] == ["Nhập số biên bản, ví dụ 01-BB/ĐU."]
    conference.refresh_from_db()
    assert (conference.status, conference.minutes_number, conference.finalized_at) == ("draft", "", None)


def test_finalizing_without_the_confirmation_is_refused(make_conference, client_for, district_a_staff):
    conference = make_conference("commune_a1")
    response = client_for(district_a_staff).post(finalize_url(conference), {"minutes_number": "01-BB/ĐU"})
    assert response.status_code == 200 and "confirm" in response.context["form"].errors
    assert 'value="01-BB/ĐU"' in response.content.decode()
    conference.refresh_from_db()
    assert conference.status == ConferenceStatus.DRAFT


def test_a_number_taken_by_the_same_organizer_in_the_same_year_is_refused_and_kept(
    make_conference, client_for, district_a_staff
):
    first = finalize_conference(make_conference("commune_a1"), minutes_number="05-BB/ĐU", acting_user=district_a_staff)
    second = make_conference("commune_a1", title="Hội nghị chuyên đề", held_on=datetime.date(2024, 10, 2))
    response = client_for(district_a_staff).post(finalize_url(second), {"minutes_number": "5-bb/ĐU", "confirm": "on"})
    assert response.status_code == 200
    (error,) = response.context["form"].errors["minutes_number"]
    assert "05-BB/ĐU" in error and first.title in error and "06-BB/ĐU" in error
    assert 'value="5-bb/ĐU"' in response.content.decode()
    second.refresh_from_db()
    assert (second.status, second.minutes_number) == ("draft", "")


def test_another_organizer_or_another_year_may_reuse_a_number(make_conference, district_a_staff):
    finalize_conference(make_conference("commune_a1"), minutes_number="05-BB/ĐU", acting_user=district_a_staff)
    other_body = finalize_conference(
        make_conference("commune_a2"), minutes_number="05-BB/ĐU", acting_user=district_a_staff
    )
    other_year = finalize_conference(
        make_conference("commune_a1", held_on=datetime.date(2023, 3, 1)),
        minutes_number="05-BB/ĐU",
        acting_user=district_a_staff,
    )
    assert other_body.status == other_year.status == ConferenceStatus.FINAL


@pytest.mark.parametrize("typed", ["05-BB/HU", "05-NQ/ĐU", "abc", "0-BB/ĐU", "05/2024/BB-ĐU"])
def test_a_number_that_is_not_a_minutes_number_of_this_register_is_refused(
    make_conference, client_for, district_a_staff, typed
):
    conference = make_conference("commune_a1")
    response = client_for(district_a_staff).post(finalize_url(conference), {"minutes_number": typed, "confirm": "on"})
    assert response.status_code == 200
    (error,) = response.context["form"].errors["minutes_number"]
    assert error == f"“{typed}” không phải số biên bản trong sổ của Đảng ủy xã Sơn Lâm: hãy ghi theo dạng 01-BB/ĐU."
    conference.refresh_from_db()
    assert conference.status == ConferenceStatus.DRAFT


def test_a_bare_number_is_completed_with_the_register(make_conference, district_a_staff):
    conference = finalize_conference(make_conference("commune_a1"), minutes_number=" 7 ", acting_user=district_a_staff)
    assert conference.minutes_number == "07-BB/ĐU"


def test_a_correction_keeps_its_number_and_superseded_versions_do_not_count(make_conference, district_a_staff):
    final = finalize_conference(make_conference("commune_a1"), minutes_number="05-BB/ĐU", acting_user=district_a_staff)
    correction = correct_conference(final, reason="Sai tên đại biểu", acting_user=district_a_staff)
    assert correction.minutes_number == "05-BB/ĐU"
    other = make_conference("commune_a1", title="Hội nghị khác")
    assert next_minutes_number(other) == "06-BB/ĐU"  # the correction holds 05 while it is a draft
    with pytest.raises(ValidationError):
        finalize_conference(other, minutes_number="05-BB/ĐU", acting_user=district_a_staff)

    finalize_conference(correction, minutes_number="09-BB/ĐU", acting_user=district_a_staff)
    correction.refresh_from_db()
    assert (correction.status, correction.minutes_number) == (ConferenceStatus.FINAL, "05-BB/ĐU")
    assert Conference.objects.get(pk=final.pk).status == ConferenceStatus.SUPERSEDED
    assert next_minutes_number(other) == "06-BB/ĐU"


def test_the_correction_page_shows_the_kept_number(make_conference, client_for, district_a_staff):
    final = finalize_conference(make_conference("commune_a1"), minutes_number="05-BB/ĐU", acting_user=district_a_staff)
    correction = correct_conference(final, reason="Sai tên đại biểu", acting_user=district_a_staff)
    client = client_for(district_a_staff)
    form = client.get(finalize_url(correction)).context["form"]
    assert form["minutes_number"].value() == "05-BB/ĐU" and form.fields["minutes_number"].disabled
    response = client.post(finalize_url(correction), {"minutes_number": "07-BB/ĐU", "confirm": "on"})
    assert response.status_code == 302
    correction.refresh_from_db()
    assert (correction.status, correction.minutes_number) == (ConferenceStatus.FINAL, "05-BB/ĐU")


def test_without_a_number_the_service_takes_the_next_free_one(make_conference, district_a_staff):
    finalize_conference(make_conference("commune_a1"), minutes_number="05-BB/ĐU", acting_user=district_a_staff)
    assert finalize_conference(make_conference("commune_a1"), acting_user=district_a_staff).minutes_number == "06-BB/ĐU"


def test_a_final_conference_is_not_finalized_again(make_conference, client_for, district_a_staff):
    conference = finalize_conference(make_conference("commune_a1"), acting_user=district_a_staff)
    client = client_for(district_a_staff)
    assert client.get(finalize_url(conference)).status_code == 302
    response = client.post(finalize_url(conference), {"minutes_number": "02-BB/ĐU", "confirm": "on"})
    assert response.status_code == 302
    conference.refresh_from_db()
    assert conference.minutes_number == "01-BB/ĐU"


def test_leadership_cannot_open_the_finalize_page(make_conference, client_for, district_a_leader):
    assert client_for(district_a_leader).get(finalize_url(make_conference("commune_a1"))).status_code == 403


def test_the_draft_pdf_is_marked_as_a_draft_and_carries_no_number(
    make_conference, full_rows, client_for, district_a_staff, tmp_path
):
    conference = make_conference("commune_a1", **full_rows)
    response = client_for(district_a_staff).get(reverse("conferences:minutes-pdf", args=[conference.pk]))
    text = pdf_text(response.content, tmp_path)
    assert "DỰ THẢO" in text
    assert "-BB/" not in text and "Số " not in text.split("BIÊN BẢN")[0]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "minutes-draft.pdf").write_bytes(response.content)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", str(ARTIFACTS / "minutes-draft.pdf"), str(ARTIFACTS / "minutes-draft")],
        check=True,
    )


def test_the_final_pdf_shows_the_number_and_no_draft_mark(
    make_conference, full_rows, client_for, district_a_staff, tmp_path
):
    conference = make_conference("commune_a1", **full_rows)
    finalize_conference(conference, minutes_number="05-BB/ĐU", acting_user=district_a_staff)
    response = client_for(district_a_staff).get(reverse("conferences:minutes-pdf", args=[conference.pk]))
    text = pdf_text(response.content, tmp_path)
    assert "Số 05-BB/ĐU" in text and "DỰ THẢO" not in text


def _drafts_of_one_commune(count: int) -> list[Conference]:
    province = AdministrativeUnitFactory(code="42", name="Hà Tĩnh", kind=UnitKind.PROVINCE)
    district = AdministrativeUnitFactory(code="439", name="Hương Sơn", kind=UnitKind.RURAL_DISTRICT, parent=province)
    commune = AdministrativeUnitFactory(code="18145", name="Sơn Lâm", kind=UnitKind.COMMUNE, parent=district)
    organizer = committee_for(commune)
    MembershipFactory(user=UserFactory(username="official"), organization=organizer, role=Role.COMMUNE_OFFICIAL)
    fields = {"kind": "so_ket", "held_on": ON}
    return [create_conference(organizer=organizer, fields={**fields, "title": f"Hội nghị {n}"}) for n in range(count)]


def _finalize_as_07(conference):
    try:
        return finalize_conference(conference, minutes_number="07-BB/ĐU", acting_user=None).minutes_number
    except ValidationError as error:
        return error.message_dict["minutes_number"][0]


@pytest.mark.django_db(transaction=True)
def test_simultaneous_finalizations_cannot_take_the_same_number(shared_database):  # noqa: F811
    drafts = in_a_thread(lambda: _drafts_of_one_commune(6))
    outcomes = in_threads(_finalize_as_07, drafts)
    assert sorted(outcomes, key=str)[0] == "07-BB/ĐU", outcomes
    assert outcomes.count("07-BB/ĐU") == 1, outcomes
    assert all("đã là số" in str(outcome) for outcome in outcomes if outcome != "07-BB/ĐU"), outcomes
    numbers = in_a_thread(lambda: list(Conference.objects.filter(status="final").values_list("minutes_number")))
    assert numbers == [("07-BB/ĐU",)]
