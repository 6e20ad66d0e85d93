"""Conferences at scale: attendees, documents, key figures, commendations, directives and their progress."""

import datetime
import random

from django.utils import timezone

from conferences.models import (
    Attendee,
    Commendation,
    Conference,
    ConferenceDocument,
    Directive,
    DirectiveAssignment,
    DirectiveUpdate,
    KeyFigure,
)
from danvan.text import fold
from devdata.rows import bulk, bulk_with_history, person_name
from devdata.words import CONFERENCE_TITLES, DIRECTIVE_TEXTS, UPDATE_TEXTS


def progress_dates(rng: random.Random, held_on: datetime.date, status: str) -> list[datetime.date]:
    """The dates of one unit's progress reports: none before it starts, its last one closes it."""
    count = {"not_started": 0, "in_progress": rng.randint(1, 2), "done": rng.randint(1, 3)}[status]
    dates, day = [], held_on
    for _step in range(count):
        day += datetime.timedelta(days=rng.randint(15, 90))
        dates.append(day)
    return dates


def generate_conferences(rng, size, user, committees, boards, province, districts, communes, people, documents):
    units = [province, *districts, *communes]
    unit_weights = [30 if u.level == "province" else 8 if u.level == "district" else 1 for u in units]
    conferences = []
    periods = {
        "so_ket": lambda y: rng.choice([f"6 tháng đầu năm {y}", f"năm {y}"]),
        "tong_ket": lambda y: rng.choice([f"năm {y}", "giai đoạn 2019 – 2024"]),
        "trien_khai": lambda y: f"năm {y}",
        "chuyen_de": lambda y: f"năm {y}",
        "doi_thoai": lambda y: f"năm {y}",
    }
    for _ in range(size.conferences):
        unit = rng.choices(units, unit_weights)[0]
        organizer = rng.choice([committees[unit.pk], boards[unit.pk]])
        kind = rng.choices(list(CONFERENCE_TITLES), [35, 20, 20, 15, 10])[0]
        held_on = datetime.date(2019, 1, 1) + datetime.timedelta(days=rng.randint(0, 6 * 365 + 150))
        period = periods[kind](held_on.year)
        title = CONFERENCE_TITLES[kind].format(period=period)
        place = f"Hội trường {committees[unit.pk].name}"
        status = "final" if rng.random() < 0.85 else "draft"
        conferences.append(
            Conference(
                organizer=organizer,
                kind=kind,
                title=title,
                held_on=held_on,
                starts_at=datetime.time(8, 0),
                ends_at=datetime.time(11, 30),
                place=place,
                period=period,
                other_participants="Các đồng chí Ủy viên Ban Thường vụ, trưởng các đoàn thể",
                participant_count=rng.randint(30, 250),
                summary="Công tác dân vận được triển khai đồng bộ; phong trào “Dân vận khéo” lan tỏa rộng khắp.",
                limitations="Một số mô hình chưa được nhân rộng; kinh phí còn hạn chế.",
                status=status,
                search_text=fold(" ".join([title, place, period, organizer.name])),
                created_by=user,
                created_at=timezone.make_aware(datetime.datetime.combine(held_on, datetime.time(15))),
                finalized_at=timezone.make_aware(datetime.datetime.combine(held_on, datetime.time(17)))
                if status == "final"
                else None,
            )
        )
    bulk_with_history(Conference, conferences, user)

    # Attendees: every tenth conference has exactly 40 (the bench opens one), the rest share the remainder.
    big = conferences[::10][: max(1, size.attendees // 400)]
    sizes = {c.pk: 40 for c in big}
    rest = [c for c in conferences if c.pk not in sizes]
    remaining = size.attendees - 40 * len(big)
    for index, conference in enumerate(rest):
        sizes[conference.pk] = remaining // len(rest) + (1 if index < remaining % len(rest) else 0)
    attendees = []
    roles = ["chu_tri", "du_chi_dao", "bao_cao", "thu_ky"]
    for conference in conferences:
        chosen = rng.sample(people, min(sizes[conference.pk], len(people)))
        for order, person in enumerate(chosen):
            role = roles[order] if order < len(roles) else "dai_bieu"
            present = rng.random() > 0.05
            attendees.append(
                Attendee(
                    conference=conference,
                    person=person,
                    position=person.generated_position,
                    role=role,
                    present=present,
                    absence_reason="" if present else "Bận công tác",
                    order=order,
                )
            )
    bulk(Attendee, attendees)

    links, figures, commendations = [], [], []
    for conference in conferences:
        for order, document in enumerate(rng.sample(documents, min(2, len(documents)))):
            links.append(
                ConferenceDocument(
                    conference=conference,
                    document=document,
                    relation="reviewed" if order == 0 else "cited",
                    order=order,
                )
            )
        figures.append(
            KeyFigure(
                conference=conference,
                indicator="Mô hình “Dân vận khéo” được công nhận",
                value=rng.randint(1, 60),
                unit="mô hình",
                order=0,
            )
        )
        figures.append(
            KeyFigure(
                conference=conference,
                indicator="Ý kiến, kiến nghị của nhân dân được giải quyết",
                value=rng.randint(5, 300),
                unit="ý kiến",
                order=1,
            )
        )
        if rng.random() < 0.3:
            commendations.append(
                Commendation(
                    conference=conference,
                    recipient_kind="collective",
                    count=rng.randint(2, 20),
                    form="giay_khen",
                    authority=conference.organizer.name,
                )
            )
    bulk(ConferenceDocument, links)
    bulk(KeyFigure, figures)
    bulk(Commendation, commendations)

    directives, shares = [], []
    field_names = ["kinh tế", "văn hóa – xã hội", "quốc phòng – an ninh", "xây dựng hệ thống chính trị"]
    per_conference = size.directives / len(conferences)
    org_pool = list(committees.values()) + list(boards.values())
    for index in range(size.directives):
        conference = conferences[int(index / per_conference)]
        deadline = conference.held_on + datetime.timedelta(days=rng.choice([30, 90, 180, 365]))
        status = rng.choices(["not_started", "in_progress", "done"], [20, 35, 45])[0]
        text = rng.choice(DIRECTIVE_TEXTS).format(f=rng.choice(field_names), d=f"{deadline:%d/%m/%Y}")
        directive = Directive(
            conference=conference,
            text=text,
            person_in_charge=person_name(rng),
            deadline=deadline,
            status=status,
            order=index % 10,
        )
        units = rng.sample(org_pool, rng.choice([1, 1, 2]))
        # An open directive with two units often has one of them done already.
        unit_statuses = [status] * len(units)
        if status == "in_progress" and len(units) == 2:
            unit_statuses[0] = rng.choice(["done", "in_progress"])
        reports = [
            (organization, progress_dates(rng, conference.held_on, unit_status), unit_status)
            for organization, unit_status in zip(units, unit_statuses, strict=True)
        ]
        if status == "done":
            directive.completed_on = max(dates[-1] for _organization, dates, _status in reports)
        directives.append(directive)
        shares.append(reports)
    bulk_with_history(Directive, directives, user)

    updates, assignments = [], []
    for directive, reports in zip(directives, shares, strict=True):
        for organization, dates, unit_status in reports:
            unit_updates = [
                DirectiveUpdate(
                    directive=directive,
                    reported_on=day,
                    organization_id=organization.pk,
                    text=rng.choice(UPDATE_TEXTS),
                    status=unit_status if day == dates[-1] else "in_progress",
                    created_by=user,
                )
                for day in dates
            ]
            updates += unit_updates
            assignments.append(
                DirectiveAssignment(
                    directive=directive,
                    organization_id=organization.pk,
                    status=unit_status,
                    completed_on=dates[-1] if unit_status == "done" else None,
                    latest_update=unit_updates[-1] if unit_updates else None,
                )
            )
    bulk(DirectiveUpdate, updates)
    bulk(DirectiveAssignment, assignments)
    return {
        "conferences": len(conferences),
        "attendees": len(attendees),
        "conference documents": len(links),
        "key figures": len(figures),
        "commendations": len(commendations),
        "directives": len(directives),
        "responsible links": len(assignments),
        "progress updates": len(updates),
    }
