"""The five seed articles are in the demo, with the facts their text gives."""

from io import StringIO

import pytest
from django.core.management import call_command

from conferences.models import Conference, ConferenceStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_units", province=["08", "42", "91"], verbosity=0)
    call_command("load_demo", stdout=StringIO())


def conference_of(organizer_name: str) -> Conference:
    return Conference.objects.get(organizer__name=organizer_name)


def test_the_five_seed_conferences_are_final_and_loaded_once(demo):
    call_command("load_demo", stdout=StringIO())
    seeds = Conference.objects.exclude(source_title="")  # the demo's other conferences come from no article
    assert seeds.count() == 5
    assert set(seeds.values_list("status", flat=True)) == {ConferenceStatus.FINAL}


def test_son_lam_2024(demo):
    conference = conference_of("Đảng ủy xã Sơn Lâm")
    assert conference.held_on.isoformat() == "2024-07-17"
    assert [a.person.full_name for a in conference.attendees.all()] == [
        "Nguyễn Viết Dũng",
        "Trần Quốc Hoàng",
        "Trần Quỳnh",
    ]
    assert [link.document.code for link in conference.document_links.all()] == ["09-NQ/TU"]
    assert conference.figures.get(unit="mô hình", value=29).note == "trong đó 6 mô hình cấp huyện"
    assert conference.directives.count() == 7
    assert sorted(conference.commendations.values_list("recipient_kind", "count")) == [
        ("collective", 7),
        ("individual", 1),
    ]


def test_lam_binh_2023(demo):
    conference = conference_of("Huyện ủy Lâm Bình")
    assert conference.held_on.isoformat() == "2023-11-27"
    codes = [link.document.code for link in conference.document_links.all()]
    assert codes == ["03-ĐA/TU", "01-KL/TW", "05-CT/TW", "16-ĐA/TU", "01-CT/TU"]
    assert conference.figures.get(unit="đảng viên").value == 3654
    assert str(conference.figures.get(unit="%", indicator__contains="Mặt trận").value) == "87.03"
    assert "hạn chế" in conference.limitations


def test_phu_loi_and_nam_hong(demo):
    phu_loi = conference_of("Đảng ủy xã Phú Lợi")
    assert [link.document.code for link in phu_loi.document_links.all()] == ["19-KH/HU", "16/CT-TTg"]
    assert phu_loi.byline.startswith("Nguyễn Văn Cường")
    nam_hong = conference_of("Đảng ủy phường Nam Hồng")
    assert sorted(nam_hong.commendations.values_list("recipient_kind", "count", "form")) == [
        ("collective", 3, "giay_khen"),
        ("individual", 5, "giay_khen"),
    ]
    board = conference_of("Ban Dân vận Huyện ủy Lâm Bình")
    assert board.figures.get(unit="cá nhân").value == 1772
