"""The report pages over HTTP: scoping, the dashboard and its query budget, the form."""

import re

import pytest
from django.urls import reverse

from danvan.organizations import committee_for, mass_mobilization_board_for
from reports.models import Report
from tests.conftest import ON

pytestmark = pytest.mark.django_db


def test_a_district_cannot_print_its_neighbours_report(movement, hierarchy, client_for, district_a_staff):
    neighbour = mass_mobilization_board_for(hierarchy.district_b, on=ON)
    client = client_for(district_a_staff)
    for kind, extra in (("movement-summary", {"period": "2023"}), ("recognized-models", {"decision": "05-QĐ/ĐU"})):
        response = client.post(reverse("reports:issue"), {"kind": kind, "organization": neighbour.pk, **extra})
        assert response.status_code == 404
    # Even with another mistake in the form: the neighbour's existence is not revealed.
    response = client.post(reverse("reports:issue"), {"kind": "movement-summary", "organization": neighbour.pk})
    assert response.status_code == 404
    assert client.get(reverse("reports:dashboard"), {"organization": neighbour.pk}).status_code == 404
    assert not Report.objects.exists()


def test_a_neighbours_issued_report_stays_hidden(movement, hierarchy, client_for, district_a_staff, province_staff):
    board_b = mass_mobilization_board_for(hierarchy.district_b, on=ON)
    response = client_for(province_staff).post(
        reverse("reports:issue"), {"kind": "movement-summary", "organization": board_b.pk, "period": "2023"}
    )
    assert response.status_code == 200
    report = Report.objects.get()
    client = client_for(district_a_staff)
    assert client.get(reverse("reports:detail", args=[report.pk])).status_code == 404
    assert client.get(reverse("reports:pdf", args=[report.pk])).status_code == 404
    assert client_for(province_staff).get(reverse("reports:pdf", args=[report.pk])).status_code == 200


def test_the_form_explains_a_wrong_period_and_keeps_what_was_typed(movement, hierarchy, client_for, district_a_staff):
    board = mass_mobilization_board_for(hierarchy.district_a, on=ON)
    response = client_for(district_a_staff).post(
        reverse("reports:issue"),
        {"kind": "movement-summary", "organization": board.pk, "period": "năm 2023", "signer_name": "Trần Quốc Hoàng"},
    )
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert response.context["form"].errors["period"][0].startswith("“năm 2023”")
    assert 'value="Trần Quốc Hoàng"' in response.content.decode()
    response = client_for(district_a_staff).post(
        reverse("reports:issue"), {"kind": "recognized-models", "organization": board.pk, "decision": "999-QĐ/HU"}
    )
    assert "999-QĐ/HU" in response.content.decode() and not Report.objects.exists()


def test_the_form_is_prefilled_from_the_dashboard_links(movement, hierarchy, client_for, district_a_staff):
    board = mass_mobilization_board_for(hierarchy.district_a, on=ON)
    response = client_for(district_a_staff).get(
        reverse("reports:issue"), {"kind": "directive-follow-up", "organization": board.pk, "period": "2023"}
    )
    html = response.content.decode()
    assert f'<option value="{board.pk}" selected>' in html and 'value="2023"' in html
    assert committee_for(hierarchy.district_b).name not in html


def test_the_dashboard_shows_each_chart_with_its_numbers(
    movement, hierarchy, client_for, district_a_staff, django_assert_max_num_queries
):
    client = client_for(district_a_staff)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("reports:dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    charts = re.findall(r'<svg [^>]*id="(by-[a-z]+)"', html)
    assert charts == ["by-field", "by-level", "by-year", "by-unit", "by-status"]
    for chart in charts:
        assert f'id="{chart}-numbers"' in html and f'aria-describedby="{chart}-numbers"' in html
    numbers = response.context["numbers"]
    # Not the draft, not the stopped model, nothing of district B.
    assert (numbers["models"], numbers["recognized"], numbers["conferences"]) == (5, 3, 1)
    assert dict(numbers["by_unit"]) == {"Xã Sơn Lâm": 3, "Xã Sơn Kim 1": 2}
    assert dict(numbers["by_year"]) == {"2022": 1, "2023": 4}
    assert numbers["directive_rate"] == 33
    assert "<script" not in html.split("<main>")[1].split("</main>")[0]


def test_the_dashboard_query_count_does_not_grow_with_the_data(
    movement, hierarchy, client_for, province_staff, django_assert_max_num_queries
):
    from tests.reports.conftest import register

    for number in range(30):
        register(committee_for(hierarchy.commune_b1), province_staff, f"Mô hình số {number}", year=2020 + number % 5)
    client = client_for(province_staff)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("reports:dashboard"), {"period": "2019-2024"})
    assert response.context["numbers"]["models"] == 37


def test_the_dashboard_is_served_from_the_cache_until_its_data_change(
    movement, hierarchy, client_for, district_a_staff, commune_a1_official, django_assert_max_num_queries
):
    from tests.reports.conftest import register

    client = client_for(district_a_staff)
    with django_assert_max_num_queries(20) as first:
        assert client.get(reverse("reports:dashboard")).context["numbers"]["models"] == 5
    with django_assert_max_num_queries(len(first.captured_queries) - 4):
        assert client.get(reverse("reports:dashboard")).context["numbers"]["models"] == 5
    register(committee_for(hierarchy.commune_a1), commune_a1_official, "Mô hình mới")
    assert client.get(reverse("reports:dashboard")).context["numbers"]["models"] == 6
    # Another scope does not read the district's figures.
    neighbour = client_for(commune_a1_official).get(reverse("reports:dashboard"))
    assert neighbour.context["numbers"]["models"] == 4


def test_a_wrong_period_on_the_dashboard_is_explained(movement, client_for, district_a_staff):
    response = client_for(district_a_staff).get(reverse("reports:dashboard"), {"period": "2023-H7"})
    assert response.status_code == 200 and response.context["period_error"].startswith("“2023-H7”")


def test_printing_a_report_takes_the_same_queries_for_more_rows(
    movement, hierarchy, client_for, province_staff, commune_b1_registrar, django_assert_max_num_queries
):
    from tests.reports.conftest import recognize, register

    commune, province_committee = committee_for(hierarchy.commune_b1), committee_for(hierarchy.province)
    for number in range(30):
        model = register(commune, commune_b1_registrar, f"Mô hình số {number}")
        recognize(model, level="province", actor=province_staff, number="9-QĐ/TU", on=ON, deciding=province_committee)
    board = mass_mobilization_board_for(hierarchy.province, on=ON)
    client = client_for(province_staff)
    for kind in ("movement-summary", "directive-follow-up", "conferences"):
        with django_assert_max_num_queries(35):
            response = client.post(reverse("reports:issue"), {"kind": kind, "organization": board.pk, "period": "2024"})
        assert response["Content-Type"] == "application/pdf"
