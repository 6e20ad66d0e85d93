import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.forms import PlainSelect
from danvan.models import Organization
from models_registry.models import EmulationModel, Field, Level, Status, SubjectKind


def visible_organizations(request):
    if request is None:
        return Organization.objects.none()
    return Organization.objects.visible_to(request.user).only("name", "path")


class EmulationModelFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_text")
    organization = django_filters.ModelChoiceFilter(
        label=_("Organization and its subunits"),
        queryset=visible_organizations,
        method="filter_subtree",
        widget=PlainSelect,
    )
    field = django_filters.ModelChoiceFilter(label=_("Field"), queryset=Field.objects.all())
    subject_kind = django_filters.ChoiceFilter(label=_("Collective or individual"), choices=SubjectKind.choices)
    level_reached = django_filters.ChoiceFilter(label=_("Level reached"), choices=Level.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices)
    registration_year = django_filters.NumberFilter(label=_("Year"), min_value=2009, max_value=2100)
    phase = django_filters.CharFilter(label=_("Phase"), lookup_expr="icontains")

    class Meta:
        model = EmulationModel
        fields = ["q", "organization", "field", "subject_kind", "level_reached", "status", "registration_year", "phase"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            field.widget.attrs["class"] = "form-select" if isinstance(field.widget, forms.Select) else "form-control"

    def filter_text(self, queryset, name, value):
        return queryset.search(value)

    def filter_subtree(self, queryset, name, organization):
        return queryset.filter(registering_organization__path__startswith=organization.path)
