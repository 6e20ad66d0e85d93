from django.conf import settings
from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    """Counts at most `cap` rows.

    An exact COUNT reads every row in the user's scope (30,000 models for a province) on each
    page view; past `cap` the page says "more than" and the filters narrow the list.
    """

    def __init__(self, object_list, per_page, *, cap: int | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap or settings.LIST_COUNT_CAP

    @cached_property
    def count(self) -> int:
        if isinstance(self.object_list, list):
            return len(self.object_list[: self.cap + 1])
        # Which rows are counted does not matter, only how many: no ORDER BY (a sort of every row in
        # scope before the LIMIT) and no joins made for display (select_related).
        return self.object_list.order_by().select_related(None)[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.cap


def label_choices(page, **choices):
    """Give each row of `page` a `<field>_label` for each `field=choices`, the labels translated once per page.

    A list row's `get_<field>_display` hashes every (lazy, translated) choice of the field at each call:
    on a page of 50 rows that was a third of the table's rendering time.
    """
    labels = {name: {value: str(label) for value, label in field_choices} for name, field_choices in choices.items()}
    page.object_list = list(page.object_list)
    for row in page.object_list:
        for name, by_value in labels.items():
            setattr(row, f"{name}_label", by_value.get(getattr(row, name), ""))
    return page


def page_by_ids(queryset, rows, number, per_page: int):
    """A page of `queryset`, read in two queries: the ids of its first rows (up to the cap) in order, then the
    page's rows as `rows`, a queryset of the same model, reads them.

    For a condition that costs more to plan than to run, such as the review queue's (every level at which
    the user reviews): PostgreSQL plans it once, where a count and a page would plan it twice.
    """
    ids = list(queryset.values_list("pk", flat=True)[: settings.LIST_COUNT_CAP + 1])
    page = CappedPaginator(ids, per_page).get_page(number)
    by_pk = rows.in_bulk(page.object_list)
    page.object_list = [by_pk[pk] for pk in page.object_list if pk in by_pk]
    return page
