import django_filters
from django.utils.translation import gettext_lazy as _

from conferences.models import Conference, ConferenceKind, ConferenceStatus
from danvan.filters import PortalFilterSet, SubtreeFilter


class ConferenceFilter(PortalFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_text")
    organization = SubtreeFilter(path_field="organizer__path")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ConferenceKind.choices)
    year = django_filters.NumberFilter(
        label=_("Year"), field_name="held_on", lookup_expr="year", min_value=1930, max_value=2100
    )
    period = django_filters.CharFilter(label=_("Period reviewed"), lookup_expr="icontains")
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=[c for c in ConferenceStatus.choices if c[0] != ConferenceStatus.SUPERSEDED]
    )

    class Meta:
        model = Conference
        fields = ["q", "organization", "kind", "year", "period", "status"]

    def filter_text(self, queryset, name, value):
        return queryset.search(value)
