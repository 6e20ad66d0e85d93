"""The shared registers of people and documents: kept by an organization, scoped, never shared across provinces."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conferences.models import Attendee
from conferences.services import create_conference
from danvan.documents import parse_document_number
from danvan.models import Document, Person
from danvan.organizations import committee_for
from danvan.register_keepers import split_by_keeper
from danvan.registers import find_or_create_person, register_document
from models_registry.models import Announcement, Field
from models_registry.services import perform, publish_decision, register_model
from reports.services import find_decision

pytestmark = pytest.mark.django_db


def _individual(organization, user, person_name, position):
    return register_model(
        organization=organization,
        fields={
            "name": f"Gương điển hình {person_name}",
            "subject_kind": "individual",
            "field": Field.objects.get(code="kinh-te"),
            "registration_year": 2024,
        },
        person_name=person_name,
        person_position=position,
        acting_user=user,
        submit=True,
    )


def test_a_namesake_elsewhere_never_changes_what_another_record_says(
    hierarchy, commune_a1_official, commune_b1_official
):
    """Finding 6: the position is the record's own; a namesake in another commune is another person."""
    a1, b1 = committee_for(hierarchy.commune_a1), committee_for(hierarchy.commune_b1)
    first = _individual(a1, commune_a1_official, "Nguyễn Thị Hoa", "Chi hội trưởng Phụ nữ thôn 3")
    second = _individual(b1, commune_b1_official, "Nguyễn Thị Hoa", "Bí thư Chi bộ tổ dân phố 2")
    first.refresh_from_db()
    assert first.person_position == "Chi hội trưởng Phụ nữ thôn 3"
    assert first.person != second.person
    assert (first.person.organization, second.person.organization) == (a1, b1)
    assert not Person.objects.visible_to(commune_a1_official).filter(pk=second.person.pk).exists()


def test_the_district_secretary_is_one_person_across_the_communes_of_the_district(hierarchy):
    district, a1, a2 = (committee_for(getattr(hierarchy, u)) for u in ("district_a", "commune_a1", "commune_a2"))
    secretary = find_or_create_person("Lê Văn Bình", organization=district)
    assert find_or_create_person("Le Van  Binh", organization=a1) == secretary
    assert find_or_create_person("Lê Văn Bình", organization=a2) == secretary
    # Not across districts.
    assert find_or_create_person("Lê Văn Bình", organization=committee_for(hierarchy.commune_b1)) != secretary


def test_an_article_tells_only_of_people_inside_the_scope(hierarchy, district_a_staff, client_for):
    """Finding 6: "already in the register" must not reveal a name kept in another province."""
    find_or_create_person("Trần Quốc Hoàng", organization=committee_for(hierarchy.commune_b1))
    text = (
        "Ngày 17/7/2024, Đảng ủy xã Sơn Lâm tổ chức hội nghị tổng kết công tác dân vận. "
        "Đồng chí Trần Quốc Hoàng, Bí thư Đảng ủy xã chủ trì hội nghị."
    )
    body = client_for(district_a_staff).post(reverse("conferences:from-article"), {"text": text}).content.decode()
    assert "Trần Quốc Hoàng" in body
    assert "đã có trong danh bạ cán bộ" not in body


def _recognize(model, official, organization, number, on):
    perform(model, "start_review", actor=official, level="commune")
    perform(
        model,
        "recognize",
        actor=official,
        decision=parse_document_number(number),
        decided_on=on,
        deciding_organization=organization,
    )
    return model.recognitions.get()


def test_two_communes_decisions_with_one_number_stay_two_decisions(
    hierarchy, commune_a1_official, commune_b1_official, commune_a1_registrar, commune_b1_registrar, district_a_staff
):
    """Finding 7: a decision is its issuer, its number and its date; so is its announcement."""
    a1, b1 = committee_for(hierarchy.commune_a1), committee_for(hierarchy.commune_b1)
    on = datetime.date(2024, 9, 1)
    in_a1 = _individual(a1, commune_a1_registrar, "Phạm Văn Tư", "Trưởng thôn")
    in_b1 = _individual(b1, commune_b1_registrar, "Hà Thị Lan", "Tổ trưởng tổ dân phố")
    first = _recognize(in_a1, commune_a1_official, a1, "800-QĐ/ĐU", on)
    second = _recognize(in_b1, commune_b1_official, b1, "800-QĐ/ĐU", on)
    assert first.decision != second.decision
    assert (first.decision.organization, second.decision.organization) == (a1, b1)
    a1_announcement = publish_decision(first.decision, organization=a1, acting_user=commune_a1_official)
    b1_announcement = publish_decision(second.decision, organization=b1, acting_user=commune_b1_official)
    assert a1_announcement != b1_announcement and Announcement.objects.count() == 2
    assert find_decision("800-QĐ/ĐU", on, within=committee_for(hierarchy.district_a)) == first.decision
    with pytest.raises(ValidationError):
        find_decision("800-QĐ/ĐU", on, within=committee_for(hierarchy.commune_a2))


def test_a_document_is_kept_by_the_body_whose_record_cites_it(hierarchy):
    a1, b1 = committee_for(hierarchy.commune_a1), committee_for(hierarchy.commune_b1)
    number = parse_document_number("09-NQ/TU")
    assert register_document(number, organization=a1) == register_document(number, organization=a1)
    assert register_document(number, organization=a1) != register_document(number, organization=b1)


def test_the_migration_gives_each_organization_its_own_copy_of_a_shared_row(hierarchy):
    """Rows shared across organizations before the registers were scoped are split, one per organization."""
    a1, b1 = committee_for(hierarchy.commune_a1), committee_for(hierarchy.commune_b1)
    shared = Person.objects.create(full_name="Nguyễn Văn An")
    conferences = [
        create_conference(
            organizer=organizer,
            fields={"kind": "so_ket", "title": "Hội nghị", "held_on": datetime.date(2024, 7, 1)},
        )
        for organizer in (a1, b1, a1)
    ]
    for conference in conferences:
        Attendee.objects.create(conference=conference, person=shared, role="dai_bieu")

    assert split_by_keeper(Person, Attendee, "person", "conference__organizer_id") == 1

    kept = {attendee.conference.organizer: attendee.person for attendee in Attendee.objects.select_related("person")}
    assert kept[a1] == shared and kept[b1] != shared
    assert (kept[a1].organization, kept[b1].organization) == (a1, b1)
    assert kept[b1].full_name == "Nguyễn Văn An"
    assert Document.objects.count() == 0
