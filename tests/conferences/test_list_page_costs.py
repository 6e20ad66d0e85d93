"""The conference list counts up to the cap; the follow-up keeps its table by organization with its figures."""

import datetime
import re

from django.urls import reverse

from conferences.services import report_directive_progress
from danvan.organizations import committee_for


def test_a_long_conference_list_counts_only_up_to_the_cap(
    hierarchy, make_conference, client_for, province_staff, settings
):
    settings.LIST_COUNT_CAP = 2
    for unit in ("commune_a1", "commune_a2", "commune_b1"):
        make_conference(unit)
    client = client_for(province_staff)
    body = client.get(reverse("conferences:list")).content.decode()
    assert "Hơn 2 hội nghị" in body and "3 hội nghị" not in body and "Sơ kết" in body
    narrowed = client.get(reverse("conferences:list"), {"organization": committee_for(hierarchy.commune_a1).pk})
    assert narrowed.context["page"].paginator.count == 1 and "1 hội nghị" in narrowed.content.decode()


def by_organization_rows(response) -> dict:
    body = response.content.decode()
    table = body[body.index("dv-table") :]
    cells = re.findall(r"<tr><td>([^<]+)</td>((?:<td class=\"num\">\d+</td>)+)</tr>", table)
    return {name: [int(n) for n in re.findall(r"\d+", numbers)] for name, numbers in cells}


def test_the_follow_up_table_by_organization_follows_a_progress_report(
    hierarchy, make_conference, client_for, district_a_staff
):
    a1, a2 = committee_for(hierarchy.commune_a1), committee_for(hierarchy.commune_a2)
    conference = make_conference(
        "district_a",
        board=True,
        final=True,
        directives=[
            {"text": "Rà soát mô hình.", "deadline": datetime.date(2024, 9, 30), "responsible_organizations": [a1]},
            {
                "text": "Kiện toàn ban.",
                "deadline": datetime.date(2099, 1, 1),
                "responsible_organizations": [a2],
            },
        ],
    )
    client = client_for(district_a_staff)
    url = reverse("conferences:directive-follow-up")
    # total, done, done late, overdue
    assert by_organization_rows(client.get(url)) == {str(a1): [1, 0, 0, 1], str(a2): [1, 0, 0, 0]}
    on_time = conference.directives.get(deadline=datetime.date(2099, 1, 1))
    report_directive_progress(
        on_time,
        organization=a2,
        text="Đã hoàn thành.",
        status="done",
        reported_on=datetime.date(2024, 10, 1),
        acting_user=district_a_staff,
    )
    response = client.get(url)
    assert by_organization_rows(response) == {str(a1): [1, 0, 0, 1], str(a2): [1, 1, 0, 0]}
    assert "selected>" in re.search(r'<select[^>]*name="organization">(.*?)</select>', response.content.decode())[1]
