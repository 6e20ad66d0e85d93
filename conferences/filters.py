import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from conferences.models import Conference, ConferenceKind, ConferenceStatus
from danvan.forms import PlainSelect
from danvan.models import Organization


def visible_organizations(request):
    if request is None:
        return Organization.objects.none()
    return Organization.objects.visible_to(request.user).only("name", "path")


class ConferenceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_text")
    organization = django_filters.ModelChoiceFilter(
        label=_("Organization and its subunits"),
        queryset=visible_organizations,
        method="filter_subtree",
        widget=PlainSelect,
    )
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = css

    def filter_text(self, queryset, name, value):
        return queryset.search(value)

    def filter_subtree(self, queryset, name, organization):
        return queryset.filter(organizer__path__startswith=organization.path)
