import django_filters
from django.utils.translation import gettext_lazy as _

from danvan.filters import PortalFilterSet, SubtreeFilter
from models_registry.models import EmulationModel, Field, Level, Status, SubjectKind


class EmulationModelFilter(PortalFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_text")
    organization = SubtreeFilter(path_field="registering_organization__path")
    field = django_filters.ModelChoiceFilter(label=_("Field"), queryset=Field.objects.all())
    subject_kind = django_filters.ChoiceFilter(label=_("Collective or individual"), choices=SubjectKind.choices)
    level_reached = django_filters.ChoiceFilter(label=_("Level reached"), choices=Level.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices)
    registration_year = django_filters.NumberFilter(label=_("Year"), min_value=2009, max_value=2100)
    phase = django_filters.CharFilter(label=_("Phase"), lookup_expr="icontains")

    class Meta:
        model = EmulationModel
        fields = ["q", "organization", "field", "subject_kind", "level_reached", "status", "registration_year", "phase"]

    def filter_text(self, queryset, name, value):
        return queryset.search(value)
