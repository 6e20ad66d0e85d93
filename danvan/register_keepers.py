"""Data migrations: give every row of a shared register (people, documents) the organization that keeps it.

Used by the migrations that made the registers scoped. A row cited by the
records of several organizations is copied, one copy per organization, and
each record is pointed at its own organization's copy: from then on no
organization reads or changes another's row.
"""

from danvan.caching import data_changed

IDENTITY = {"person": ["search_name"], "document": ["code", "issued_on"]}


def split_by_keeper(register, link_model, link_field: str, keeper_lookup: str) -> int:
    """Point each `link_model` row's `link_field` at the `register` row kept by `keeper_lookup`; return copies made."""
    identity = IDENTITY[register._meta.model_name]
    attname = f"{link_field}_id"
    links = link_model.objects.filter(**{f"{attname}__isnull": False}).values_list("pk", attname, keeper_lookup)
    rows = {row.pk: row for row in register.objects.filter(pk__in={row_id for _pk, row_id, _keeper in links})}
    kept = {}  # (original row id, keeper id) -> id of the row that keeper keeps
    copies = 0
    for link_pk, row_id, keeper_id in links.order_by("pk"):
        original = rows[row_id]
        if original.organization_id is None:
            original.organization_id = keeper_id
            original.save(update_fields=["organization"])
        kept.setdefault((row_id, original.organization_id), row_id)
        if (row_id, keeper_id) not in kept:
            same = {name: getattr(original, name) for name in identity}
            existing = register.objects.filter(organization_id=keeper_id, **same).first()
            if existing is None:
                existing = register.objects.get(pk=row_id)
                existing.pk = None
                existing.organization_id = keeper_id
                existing.save()
                copies += 1
            kept[(row_id, keeper_id)] = existing.pk
        if kept[(row_id, keeper_id)] != row_id:
            link_model.objects.filter(pk=link_pk).update(**{attname: kept[(row_id, keeper_id)]})
    data_changed(register, link_model)
    return copies
