"""The loader against the real data shipped in `vietnamadminunits`."""

import datetime

import pytest
from django.core.management import call_command

from danvan.models import AdministrativeUnit, AdministrativeUnitSuccession, Era, SuccessionKind, UnitKind

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def loaded_map(django_db_setup, django_db_blocker):
    """The whole map, loaded once for this module and removed after it."""
    with django_db_blocker.unblock():
        call_command("load_units", verbosity=0)
    yield
    with django_db_blocker.unblock():
        AdministrativeUnitSuccession.objects.all().delete()
        for level in ("commune", "district", "province"):
            AdministrativeUnit.objects.filter(level=level).delete()


def count(**filters) -> int:
    return AdministrativeUnit.objects.filter(**filters).count()


def test_it_loads_both_eras_with_the_official_counts(loaded_map):
    assert count(era=Era.PRE_2025, level="province") == 63
    assert count(era=Era.PRE_2025, level="district") == 696
    # The package's 10,040 legacy rows include five island districts without
    # communes (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo).
    assert count(era=Era.PRE_2025, level="commune") == 10_035
    assert count(era=Era.PRE_2025, level="district", children__isnull=True) == 5
    assert count(era=Era.FROM_2025, level="province") == 34
    assert count(era=Era.FROM_2025, level="district") == 0
    assert count(era=Era.FROM_2025, level="commune") == 3_321


def test_it_types_units_as_vietnamese_law_does(loaded_map):
    current_communes = AdministrativeUnit.objects.filter(era=Era.FROM_2025, level="commune")
    assert current_communes.filter(kind=UnitKind.COMMUNE).count() == 2_621
    assert current_communes.filter(kind=UnitKind.WARD).count() == 687
    assert current_communes.filter(kind=UnitKind.SPECIAL_ZONE).count() == 13
    assert count(era=Era.FROM_2025, kind=UnitKind.CENTRAL_CITY) == 6
    assert set(
        AdministrativeUnit.objects.filter(era=Era.PRE_2025, level="district").values_list("kind", flat=True)
    ) == {UnitKind.RURAL_DISTRICT, UnitKind.URBAN_DISTRICT, UnitKind.DISTRICT_TOWN, UnitKind.PROVINCIAL_CITY}
    assert count(era=Era.FROM_2025, kind=UnitKind.TOWNSHIP) == 0


def test_the_same_code_names_different_units_in_each_era(loaded_map):
    old = AdministrativeUnit.objects.get(era=Era.PRE_2025, code="00004")
    new = AdministrativeUnit.objects.get(era=Era.FROM_2025, code="00004")
    assert old.full_name == "Phường Trúc Bạch"
    assert new.full_name == "Phường Ba Đình"


def test_it_links_parents_paths_and_validity(loaded_map):
    lang_can = AdministrativeUnit.objects.select_related("parent__parent").get(era=Era.PRE_2025, code="02266")
    assert lang_can.full_name == "Thị trấn Lăng Can"
    assert lang_can.parent.full_name == "Huyện Lâm Bình"
    assert lang_can.parent.parent.full_name == "Tỉnh Tuyên Quang"
    assert lang_can.path == "pre2025/08/071/02266/"
    assert lang_can.valid_until == datetime.date(2025, 6, 30)
    district = lang_can.parent
    assert set(AdministrativeUnit.objects.subtree_of(district).filter(level="commune")) == set(district.children.all())
    new_lam_binh = AdministrativeUnit.objects.get(era=Era.FROM_2025, code="02266")
    assert new_lam_binh.parent.code == "08" and new_lam_binh.valid_from == datetime.date(2025, 7, 1)


def test_it_records_who_became_what_on_1_july_2025(loaded_map):
    new_lam_binh = AdministrativeUnit.objects.get(era=Era.FROM_2025, code="02266")
    predecessors = set(new_lam_binh.predecessions.values_list("predecessor__name", flat=True))
    assert predecessors == {"Lăng Can", "Phúc Yên", "Xuân Lập"}
    new_tuyen_quang = AdministrativeUnit.objects.get(era=Era.FROM_2025, code="08")
    assert set(new_tuyen_quang.predecessions.values_list("predecessor__name", flat=True)) == {"Tuyên Quang", "Hà Giang"}
    assert not AdministrativeUnit.objects.filter(era=Era.PRE_2025, level="commune", successions__isnull=True).exists()


def test_a_split_commune_has_several_successors_and_exactly_one_default(loaded_map):
    split = AdministrativeUnitSuccession.objects.filter(kind=SuccessionKind.MERGED_PART)
    predecessor_ids = set(split.values_list("predecessor_id", flat=True))
    assert len(predecessor_ids) > 400
    for predecessor_id in list(predecessor_ids)[:50]:
        links = split.filter(predecessor_id=predecessor_id)
        assert links.count() >= 2
        assert links.filter(is_default=True).count() == 1


def test_running_it_again_changes_nothing(loaded_map):
    before = (AdministrativeUnit.objects.count(), AdministrativeUnitSuccession.objects.count())
    first_id = AdministrativeUnit.objects.get(era=Era.FROM_2025, code="00004").pk
    call_command("load_units", verbosity=0)
    assert (AdministrativeUnit.objects.count(), AdministrativeUnitSuccession.objects.count()) == before
    assert AdministrativeUnit.objects.get(era=Era.FROM_2025, code="00004").pk == first_id
