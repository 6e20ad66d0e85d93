import datetime

import pytest

from conferences.services import create_conference, finalize_conference
from danvan.organizations import committee_for, mass_mobilization_board_for
from tests.conftest import ON


@pytest.fixture
def make_conference(hierarchy):
    """A conference of the committee of `unit` (a hierarchy attribute name), built through the service."""

    def make(
        unit="commune_a1", *, title="Hội nghị sơ kết công tác dân vận", held_on=ON, board=False, final=False, **rows
    ):
        place = getattr(hierarchy, unit)
        organizer = mass_mobilization_board_for(place, on=held_on) if board else committee_for(place)
        conference = create_conference(
            organizer=organizer,
            fields={"kind": "so_ket", "title": title, "held_on": held_on, "period": "6 tháng đầu năm 2024"},
            **rows,
        )
        if final:  # directives are followed up once their minutes are final
            finalize_conference(conference, acting_user=None)
        return conference

    return make


@pytest.fixture
def full_rows(hierarchy):
    return {
        "attendees": [
            {"name": "Nguyễn Viết Dũng", "position": "Phó Bí thư Thường trực Huyện ủy", "role": "du_chi_dao"},
            {"name": "Trần Quốc Hoàng", "position": "Phó Trưởng Ban Dân vận Huyện ủy", "role": "chu_tri"},
        ],
        "documents": [{"code": "09-NQ/TU", "issued_on": datetime.date(2009, 8, 19), "relation": "reviewed"}],
        "figures": [{"indicator": "mô hình dân vận khéo", "value": 29, "unit": "mô hình", "note": "6 cấp huyện"}],
        "directives": [
            {
                "text": "Tập trung sản xuất nông nghiệp bền vững.",
                "deadline": datetime.date(2024, 12, 31),
                "responsible_organizations": [committee_for(hierarchy.commune_a1)],
            },
        ],
        "commendations": [{"recipient_kind": "collective", "count": 7, "form": "bieu_duong"}],
    }
