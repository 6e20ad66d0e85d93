"""Matching the organizer to stored organizations, and saving an extraction through the service."""

import datetime

import pytest

from conferences.extraction import extract_conference, match_organization
from conferences.from_article import article_data
from conferences.services import write_conference
from danvan.models import Era, Organization, UnitKind
from danvan.organizations import committee_for, mass_mobilization_board_for
from tests.extraction.helpers import seed_text
from tests.factories import AdministrativeUnitFactory


@pytest.fixture
def units(db):
    province = AdministrativeUnitFactory(code="42", name="Hà Tĩnh", kind=UnitKind.PROVINCE, era=Era.PRE_2025)
    district = AdministrativeUnitFactory(code="439", name="Hương Sơn", kind=UnitKind.RURAL_DISTRICT, parent=province)
    other_district = AdministrativeUnitFactory(
        code="437", name="Hồng Lĩnh", kind=UnitKind.DISTRICT_TOWN, parent=province
    )
    son_lam = AdministrativeUnitFactory(code="18145", name="Sơn Lâm", kind=UnitKind.COMMUNE, parent=district)
    son_kim = AdministrativeUnitFactory(code="18148", name="Sơn Kim 1", kind=UnitKind.COMMUNE, parent=district)
    nam_hong = AdministrativeUnitFactory(code="18118", name="Nam Hồng", kind=UnitKind.WARD, parent=other_district)
    for unit in (son_lam, son_kim, nam_hong):
        committee_for(unit)
    can_loc = AdministrativeUnitFactory(code="443", name="Can Lộc", kind=UnitKind.RURAL_DISTRICT, parent=province)
    for board_unit in (district, other_district, can_loc):
        mass_mobilization_board_for(board_unit, on=datetime.date(2024, 7, 17))
    return {"son_lam": son_lam, "nam_hong": nam_hong}


@pytest.mark.django_db
def test_organizer_in_the_text_matches_the_stored_committee_despite_the_tone_variant(units):
    text = seed_text("000_a9b900862be03637").replace("Đảng ủy xã Sơn Lâm", "Đảng uỷ xã Sơn Lâm")
    extraction = extract_conference(text, organizations=Organization.objects.all())
    assert extraction.organizer.value == "Đảng uỷ xã Sơn Lâm"
    assert extraction.organization.name == "Đảng ủy xã Sơn Lâm"
    assert extraction.organization.unit == units["son_lam"]
    assert extraction.level.value == "xa"


@pytest.mark.django_db
def test_a_ward_committee_written_with_old_style_tones(units):
    extraction = extract_conference(seed_text("003_1a54156f75c81526"), organizations=Organization.objects.all())
    assert extraction.organization.name == "Đảng ủy phường Nam Hồng"


@pytest.mark.django_db
def test_a_name_that_fits_several_organizations_matches_none(units):
    # Seed 001 names "Ban Dân vận Huyện uỷ" without its district; Hương Sơn and Can Lộc both have one.
    assert match_organization("Ban Dân vận Huyện uỷ", Organization.objects.all()) is None
    assert match_organization("Ban Dân vận Huyện uỷ Hương Sơn", Organization.objects.all()).name == (
        "Ban Dân vận Huyện ủy Hương Sơn"
    )


@pytest.mark.django_db
def test_a_name_without_its_place_matches_when_only_one_fits(units):
    assert match_organization("Ban Dân vận Thị uỷ", Organization.objects.all()).name == "Ban Dân vận Thị ủy Hồng Lĩnh"


@pytest.mark.django_db
def test_a_missing_unit_word_still_matches(units):
    assert match_organization("Đảng uỷ Sơn Lâm", Organization.objects.all()).name == "Đảng ủy xã Sơn Lâm"


def test_matching_works_without_a_database():
    class Stored:
        def __init__(self, name):
            self.name = name

    stored = [Stored("Đảng ủy xã Sơn Lâm"), Stored("Đảng ủy phường Nam Hồng")]
    assert match_organization("ĐẢNG UỶ XÃ SƠN LÂM", stored) is stored[0]
    assert match_organization("Huyện ủy Lâm Bình", stored) is None
    assert match_organization("Đảng ủy xã Sơn Lâm", None) is None


def test_no_organizations_no_database():
    # Without the django_db mark pytest-django makes any query fail: the extractor must not make one.
    extraction = extract_conference(seed_text("000_a9b900862be03637"))
    assert extraction.organization is None


@pytest.mark.django_db
def test_an_extraction_saves_through_the_conference_writer(units):
    extraction = extract_conference(seed_text("000_a9b900862be03637"), organizations=Organization.objects.all())
    conference = write_conference(None, article_data(extraction), acting_user=None)
    assert conference.held_on == datetime.date(2024, 7, 17)
    assert conference.kind == "tong_ket"
    assert [a.person.full_name for a in conference.attendees.all()] == [
        "Nguyễn Viết Dũng",
        "Trần Quốc Hoàng",
        "Trần Quỳnh",
    ]
    assert conference.attendees.get(person__full_name="Nguyễn Viết Dũng").role == "du_chi_dao"
    assert [link.document.code for link in conference.document_links.all()] == ["09-NQ/TU"]
    assert conference.directives.count() == 7
    assert sorted(conference.commendations.values_list("recipient_kind", "count")) == [
        ("collective", 7),
        ("individual", 1),
    ]
