"""Filters shared by the list pages of both apps."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.forms import OrganizationChoiceField
from danvan.models import Organization
from danvan.scoping import subtree_paths, subtree_q


def visible_organizations(request):
    if request is None:
        return Organization.objects.none()
    return Organization.objects.visible_to(request.user).only("name", "path")


class SubtreeFilter(django_filters.ModelChoiceFilter):
    """Rows of the chosen organization and of every body below it, by the path at `path_field`."""

    field_class = OrganizationChoiceField

    def __init__(self, *, path_field: str, **kwargs):
        kwargs.setdefault("label", _("Organization and its subunits"))
        super().__init__(queryset=visible_organizations, **kwargs)
        self.path_field = path_field

    def filter(self, queryset, organization):
        if not organization:
            return queryset
        return queryset.filter(subtree_q(self.path_field, subtree_paths(organization)))


class PortalFilterSet(django_filters.FilterSet):
    """Bootstrap classes on every filter field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            field.widget.attrs["class"] = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
