"""The “Dân vận khéo” registry at scale: models, their recognitions and their workflow steps."""

import datetime

from django.utils import timezone

from danvan.text import fold
from devdata.rows import YEARS, Decisions, bulk, bulk_with_history, person_name
from devdata.words import CARRIERS, THEMES
from models_registry.models import EmulationModel, Recognition, Transition

LEVEL_WEIGHTS = [("", 30), ("commune", 40), ("district", 22), ("province", 7), ("central", 1)]


def generate_registry(rng, size, user, fields, committees, boards, province, district_of, communes, people, documents):
    decisions = Decisions(committees)
    models, plans = [], []
    levels = [level for level, _ in LEVEL_WEIGHTS]
    weights = [weight for _, weight in LEVEL_WEIGHTS]
    for _ in range(size.models):
        commune = rng.choice(communes)
        district = district_of[commune.pk]
        field_code, theme = rng.choice(THEMES)
        year = rng.choice(YEARS)
        individual = rng.random() < 0.15
        reached = rng.choices(levels, weights)[0]
        if reached:
            status, review_level = "recognized", ""
        else:
            status = rng.choices(
                ["draft", "registered", "under_review", "returned", "not_recognized", "stopped"],
                [10, 35, 30, 10, 10, 5],
            )[0]
            review_level = "commune" if status == "under_review" else ""
        if reached and rng.random() < 0.12 and reached != "central":
            # Recognized at one level, now under review one level up.
            status, review_level = (
                "under_review",
                ["commune", "district", "province", "central"][["commune", "district", "province"].index(reached) + 1],
            )
        registering = rng.choices([committees[commune.pk], boards[district.pk], boards[province.pk]], [75, 20, 5])[0]
        carrier = f"{rng.choice(CARRIERS)} {rng.randint(1, 18)}"
        name = f"Mô hình “{theme[0].upper()}{theme[1:]}”" if not individual else f"Gương điển hình {person_name(rng)}"
        address = f"{commune.full_name}, {district.full_name}, {province.full_name}"
        person = rng.choice(people) if individual else None
        models.append(
            EmulationModel(
                name=name,
                subject_kind="individual" if individual else "collective",
                field=fields[field_code],
                registering_organization=registering,
                registering_unit_name="" if individual else carrier,
                unit=commune,
                address=address,
                person=person,
                person_position=person.generated_position if person else "",
                registration_year=year,
                phase="2019 – 2024",
                situation="Nhiều hộ còn khó khăn, ý thức tham gia của người dân chưa cao.",
                goals=f"Huy động nhân dân cùng thực hiện: {theme}.",
                content_and_method="Tuyên truyền, vận động, nêu gương; phân công đảng viên phụ trách hộ.",
                starts_on=datetime.date(year, rng.randint(1, 6), 1),
                status=status,
                review_level=review_level,
                level_reached=reached,
                search_text=fold(" ".join([name, "" if individual else carrier, address])),
                created_by=user,
                created_at=timezone.make_aware(datetime.datetime(year, rng.randint(1, 3), rng.randint(1, 28), 8)),
            )
        )
        plans.append((commune, district))
    bulk_with_history(EmulationModel, models, user)

    recognitions, steps = [], []
    order = ["commune", "district", "province", "central"]

    def step(model, action, from_status, to_status, level, at, note=""):
        steps.append(
            Transition(
                emulation_model=model,
                action=action,
                from_status=from_status,
                to_status=to_status,
                level=level,
                actor=user,
                note=note,
                at=at,
            )
        )

    for model, (commune, district) in zip(models, plans, strict=True):
        at = model.created_at
        if model.status == "draft":
            continue
        step(model, "submit", "draft", "registered", "commune", at)
        reached = model.level_reached
        deciders = {"commune": commune, "district": district, "province": province, "central": province}
        for level in order[: order.index(reached) + 1] if reached else []:
            at += datetime.timedelta(days=rng.randint(20, 90))
            year = min(at.year, 2024)
            step(model, "review", "registered" if level == "commune" else "recognized", "under_review", level, at)
            decided = decisions.get(deciders[level], year)
            recognitions.append(
                Recognition(
                    emulation_model=model,
                    level=level,
                    deciding_organization=committees[deciders[level].pk],
                    decision=decided,
                    decided_on=decided.issued_on,
                    recorded_by=user,
                )
            )
            step(model, "recognize", "under_review", "recognized", level, at + datetime.timedelta(days=15))
        if model.status in ("under_review", "returned", "not_recognized", "stopped"):
            level = model.review_level or "commune"
            at += datetime.timedelta(days=30)
            step(model, "review", "recognized" if reached else "registered", "under_review", level, at)
            if model.status != "under_review":
                note = "Hồ sơ chưa đủ minh chứng kết quả."
                step(model, model.status, "under_review", model.status, level, at + datetime.timedelta(days=10), note)
    decisions.save()
    for recognition in recognitions:
        recognition.decision_id = recognition.decision.pk
    bulk(Recognition, recognitions)
    bulk(Transition, steps)
    return len(models), len(recognitions), len(steps)
