"""Scoring rubrics over HTTP: defined by a body, applied down its subtree, scored by the reviewers of a level.

Province P ─┬─ District A ─┬─ Commune A1 (the model)
            └─ District B ─── Commune B1
"""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from danvan.models import Role
from danvan.organizations import committee_for, mass_mobilization_board_for
from models_registry.models import EmulationModel, Field, Level, Rubric, ScoreSheet, Status
from models_registry.rubric_rules import applicable_rubric
from models_registry.rubric_services import CriterionRow, create_rubric, new_version, save_score_sheet, update_rubric
from models_registry.services import perform, register_model
from tests.conftest import ON
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

CRITERIA = [
    CriterionRow("Tính hiệu quả", "Kết quả đo đếm được", Decimal(40), "Theo số liệu có xác nhận."),
    CriterionRow("Tính hiệu quả", "Số người dân tham gia", Decimal(30)),
    CriterionRow("Khả năng nhân rộng", "Đã nhân rộng ra nơi khác", Decimal(30)),
]


@pytest.fixture
def district_a_second(hierarchy):
    """A second reviewer of district A: two sheets for one model."""
    user = UserFactory(username="district_a_second", first_name="Hai", last_name="Trần")
    MembershipFactory(
        user=user, organization=mass_mobilization_board_for(hierarchy.district_a, on=ON), role=Role.DISTRICT_STAFF
    )
    return user


@pytest.fixture
def province_rubric(hierarchy, province_staff):
    return make_rubric(province_staff, mass_mobilization_board_for(hierarchy.province, on=ON))


def make_rubric(user, organization, *, level="district", years=(2021, 2025), name="Tiêu chí cấp huyện"):
    return create_rubric(
        fields={
            "organization": organization,
            "name": name,
            "level": level,
            "valid_from_year": years[0],
            "valid_to_year": years[1],
            "pass_mark": Decimal(60),
            "note": "",
        },
        criteria=CRITERIA,
        acting_user=user,
    )


@pytest.fixture
def model_at_district(hierarchy, commune_a1_registrar, district_a_staff):
    """A model of commune A1 under review at district level."""
    model = register_model(
        organization=committee_for(hierarchy.commune_a1),
        fields={
            "name": "Tổ tự quản đường biên, cột mốc",
            "subject_kind": "collective",
            "field": Field.objects.get(code="kinh-te"),
            "registration_year": 2024,
        },
        acting_user=commune_a1_registrar,
        submit=True,
    )
    perform(model, "start_review", actor=district_a_staff, level="district")
    return EmulationModel.objects.select_related("unit", "registering_organization").get(pk=model.pk)


def score(client, model, rubric, values, comment=""):
    data = {f"criterion_{c.pk}": value for c, value in zip(rubric.criteria.all(), values, strict=True)}
    return client.post(reverse("registry:score-sheet", args=[model.pk]), data | {"comment": comment})


def recognize(client, hierarchy, model):
    return client.post(
        reverse("registry:act", args=[model.pk, "recognize"]),
        {
            "decision": "123-QĐ/HU",
            "decided_on": "20/10/2024",
            "deciding_organization": committee_for(hierarchy.district_a).pk,
        },
    )


def test_province_staff_define_a_rubric_in_the_form(hierarchy, client_for, province_staff):
    board = mass_mobilization_board_for(hierarchy.province, on=ON)
    client = client_for(province_staff)
    assert client.get(reverse("registry:rubric-create")).status_code == 200
    data = {
        "organization": board.pk,
        "name": "Tiêu chí chấm điểm cấp huyện",
        "level": "district",
        "valid_from_year": "2021",
        "valid_to_year": "2025",
        "pass_mark": "70",
        "note": "",
        "criteria-TOTAL_FORMS": "3",
        "criteria-INITIAL_FORMS": "0",
        "criteria-0-group": "Tính hiệu quả",
        "criteria-0-name": "Kết quả đo đếm được",
        "criteria-0-max_score": "60",
        "criteria-0-guidance": "Theo báo cáo.",
        "criteria-1-group": "Khả năng nhân rộng",
        "criteria-1-name": "Đã nhân rộng",
        "criteria-1-max_score": "40",
    }
    response = client.post(reverse("registry:rubric-create"), data)
    rubric = Rubric.objects.get()
    assert response.status_code == 302
    assert [(c.group, c.name, c.max_score) for c in rubric.criteria.all()] == [
        ("Tính hiệu quả", "Kết quả đo đếm được", Decimal(60)),
        ("Khả năng nhân rộng", "Đã nhân rộng", Decimal(40)),
    ]
    assert rubric.history.get().history_user == province_staff  # the audit row names who acted
    assert rubric.criteria.first().history.get().history_user == province_staff
    page = client.get(reverse("registry:rubric-detail", args=[rubric.pk])).content.decode()
    assert "Tính hiệu quả" in page and "70 / 100" not in page and "Khả năng nhân rộng" in page

    # A pass mark above the maximum total is refused, nothing saved.
    response = client.post(reverse("registry:rubric-create"), data | {"pass_mark": "101"})
    assert response.status_code == 400
    assert "Điểm đạt cao hơn tổng điểm tối đa (100)" in response.content.decode()
    assert Rubric.objects.count() == 1


def test_a_body_sets_criteria_for_its_level_and_below_only(hierarchy, district_a_staff):
    with pytest.raises(ValidationError) as refused:
        make_rubric(district_a_staff, mass_mobilization_board_for(hierarchy.district_a, on=ON), level="province")
    assert "level" in refused.value.error_dict
    with pytest.raises(PermissionDenied):  # district B is not theirs
        make_rubric(district_a_staff, mass_mobilization_board_for(hierarchy.district_b, on=ON))


def test_which_rubric_applies(hierarchy, province_staff, district_a_staff, model_at_district, province_rubric):
    assert applicable_rubric(model_at_district, Level.DISTRICT) == province_rubric
    assert applicable_rubric(model_at_district, Level.COMMUNE) is None
    # District B's rubric does not reach commune A1; a rubric of another period does not apply.
    make_rubric(province_staff, mass_mobilization_board_for(hierarchy.district_b, on=ON))
    make_rubric(province_staff, mass_mobilization_board_for(hierarchy.province, on=ON), years=(2026, 2030))
    assert applicable_rubric(model_at_district, Level.DISTRICT) == province_rubric
    # The nearest body wins: district A's own rubric before the province's.
    own = make_rubric(district_a_staff, mass_mobilization_board_for(hierarchy.district_a, on=ON))
    assert applicable_rubric(model_at_district, Level.DISTRICT) == own


def test_two_reviewers_score_and_the_recognition_records_the_average(
    hierarchy, client_for, district_a_staff, district_a_second, commune_a1_official, model_at_district, province_rubric
):
    model, rubric = model_at_district, province_rubric
    first, second = client_for(district_a_staff), client_for(district_a_second)

    # No sheet yet: the recognition is refused with the reason.
    response = recognize(first, hierarchy, model)
    assert response.status_code == 400
    assert "ít nhất một người thẩm định chấm xong phiếu điểm" in response.content.decode()

    # An incomplete sheet does not count.
    score(second, model, rubric, ["30", "", "20"])
    assert ScoreSheet.objects.get(reviewer=district_a_second).is_complete is False
    assert recognize(first, hierarchy, model).status_code == 400

    # Points above a criterion's maximum are refused.
    assert score(first, model, rubric, ["41", "20", "20"]).status_code == 400
    assert score(first, model, rubric, ["35", "25", "20"], "Hiệu quả rõ.").status_code == 302
    score(second, model, rubric, ["30", "27.5", "20"])  # the second reviewer completes their sheet
    sheets = {s.reviewer.username: s for s in ScoreSheet.objects.select_related("reviewer")}
    assert (sheets["district_a_staff"].total, sheets["district_a_second"].total) == (Decimal(80), Decimal("77.5"))
    assert ScoreSheet.objects.count() == 2  # one sheet per reviewer: the second post changed it

    # The commune official sees the sheets but does not score at district level.
    commune = client_for(commune_a1_official)
    page = commune.get(reverse("registry:detail", args=[model.pk])).content.decode()
    assert "Điểm trung bình 78,75" in page or "điểm trung bình 78,75" in page
    assert "Hai Trần" in page and "77,5" in page and "Hiệu quả rõ." in page
    assert commune.get(reverse("registry:score-sheet", args=[model.pk])).status_code == 302
    with pytest.raises(PermissionDenied):
        save_score_sheet(model, points={}, acting_user=commune_a1_official)
    queue = first.get(reverse("registry:queue")).content.decode()
    assert "Điểm trung bình 78,75" in queue and "Hai Trần: 77,5" in queue

    assert recognize(first, hierarchy, model).status_code == 302
    recognition = model.recognitions.get(level="district")
    assert recognition.average_score == Decimal("78.75")
    assert "điểm trung bình 78,75" in commune.get(reverse("registry:detail", args=[model.pk])).content.decode()

    # After the decision the sheets stay as they were.
    assert second.get(reverse("registry:score-sheet", args=[model.pk])).status_code == 302
    with pytest.raises(ValidationError):
        save_score_sheet(model, points={}, acting_user=district_a_second)


def test_a_used_rubric_is_frozen_and_changes_as_a_new_version(
    client_for, province_staff, district_a_staff, model_at_district, province_rubric
):
    rubric = province_rubric
    criteria = list(rubric.criteria.all())
    save_score_sheet(model_at_district, points={c.pk: c.max_score for c in criteria}, acting_user=district_a_staff)
    client = client_for(province_staff)
    response = client.get(reverse("registry:rubric-edit", args=[rubric.pk]), follow=True)
    assert "Làm phiên bản mới để thay đổi" in response.content.decode()
    fields = {name: getattr(rubric, name) for name in ["organization", "name", "level", "valid_from_year"]}
    with pytest.raises(ValidationError):
        update_rubric(
            rubric,
            fields=fields | {"valid_to_year": 2025, "pass_mark": Decimal(50), "note": ""},
            criteria=CRITERIA,
            acting_user=province_staff,
        )

    response = client.post(reverse("registry:rubric-new-version", args=[rubric.pk]))
    copy = Rubric.objects.get(previous_version=rubric)
    assert response.url == reverse("registry:rubric-edit", args=[copy.pk])
    assert copy.version == 2 and [c.name for c in copy.criteria.all()] == [c.name for c in criteria]
    assert applicable_rubric(model_at_district, Level.DISTRICT) == copy
    # The sheet already scored keeps its rubric; a second new version of the old one is refused.
    assert ScoreSheet.objects.get().rubric == rubric
    with pytest.raises(ValidationError):
        new_version(rubric, acting_user=province_staff)


def test_leaders_read_and_outsiders_do_not_find(
    hierarchy, client_for, district_a_leader, commune_b1_official, model_at_district, province_rubric
):
    leader = client_for(district_a_leader)
    assert leader.get(reverse("registry:rubric-detail", args=[province_rubric.pk])).status_code == 200
    assert leader.get(reverse("registry:score-sheet", args=[model_at_district.pk])).status_code == 403
    assert leader.post(reverse("registry:rubric-new-version", args=[province_rubric.pk])).status_code == 403
    outsider = client_for(commune_b1_official)
    assert outsider.get(reverse("registry:score-sheet", args=[model_at_district.pk])).status_code == 404
    # The province's rubric is read by the bodies below it (they are scored on it), not the model of A1.
    assert outsider.get(reverse("registry:rubric-detail", args=[province_rubric.pk])).status_code == 200
    district_b_rubric = make_rubric(
        commune_b1_official, committee_for(hierarchy.commune_b1), level="commune", name="Tiêu chí xã B1"
    )
    assert (
        client_for(district_a_leader).get(reverse("registry:rubric-detail", args=[district_b_rubric.pk])).status_code
        == 404
    )
    assert "Tiêu chí xã B1" not in leader.get(reverse("registry:rubrics")).content.decode()


def _workbook(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Nhóm tiêu chí", "Tiêu chí", "Điểm tối đa", "Hướng dẫn chấm"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_criteria_go_out_and_come_back_as_xlsx(hierarchy, client_for, province_staff, province_rubric):
    client = client_for(province_staff)
    response = client.get(reverse("registry:rubric-export", args=[province_rubric.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["Nhóm tiêu chí", "Tiêu chí", "Điểm tối đa", "Hướng dẫn chấm"]
    assert rows[1] == ["Tính hiệu quả", "Kết quả đo đếm được", 40, "Theo số liệu có xác nhận."]

    board = mass_mobilization_board_for(hierarchy.province, on=ON)
    form = {
        "organization": board.pk,
        "name": "Nhập từ tệp",
        "level": "commune",
        "valid_from_year": "2026",
        "valid_to_year": "2030",
        "pass_mark": "50",
        "criteria-TOTAL_FORMS": "0",
        "criteria-INITIAL_FORMS": "0",
    }
    upload = SimpleUploadedFile("tieu-chi.xlsx", response.content)
    assert client.post(reverse("registry:rubric-create"), form | {"criteria_file": upload}).status_code == 302
    imported = Rubric.objects.get(name="Nhập từ tệp")
    assert [(c.group, c.name, c.max_score, c.guidance) for c in imported.criteria.all()] == [
        (row.group, row.name, row.max_score, row.guidance) for row in CRITERIA
    ]

    bad = _workbook([["Tính hiệu quả", "Tốt", 10, ""], ["", "Không có nhóm", "mười", ""], ["Nhóm", "Được", 5, ""]])
    response = client.post(
        reverse("registry:rubric-create"),
        form | {"name": "Tệp lỗi", "criteria_file": SimpleUploadedFile("loi.xlsx", bad)},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Dòng 3: nhóm tiêu chí để trống; điểm tối đa phải là số lớn hơn 0" in page
    assert not Rubric.objects.filter(name="Tệp lỗi").exists()  # all or nothing


def test_pages_with_sheets_read_in_few_queries(
    client_for, district_a_staff, district_a_second, model_at_district, province_rubric, django_assert_max_num_queries
):
    for reviewer in (district_a_staff, district_a_second):
        save_score_sheet(
            model_at_district,
            points={c.pk: Decimal(10) for c in province_rubric.criteria.all()},
            acting_user=reviewer,
        )
    client = client_for(district_a_staff)
    with django_assert_max_num_queries(40):
        assert client.get(reverse("registry:detail", args=[model_at_district.pk])).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(reverse("registry:queue")).status_code == 200
    assert model_at_district.status == Status.UNDER_REVIEW
