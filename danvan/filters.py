"""Filters shared by the list pages of both apps."""

import django_filters
from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from danvan.caching import cached_while_unchanged
from danvan.forms import OrganizationChoiceField, PlainSelect
from danvan.models import Organization, organization_label
from danvan.scoping import scope_for, subtree_paths, subtree_q


def visible_organizations(request):
    if request is None:
        return Organization.objects.none()
    return Organization.objects.visible_to(request.user).only("name", "path")


def organization_options(user, selected=None) -> SafeString:
    """The <option>s of every organization `user` sees, by name (with its period where another bears it).

    A province sees about 300: written once while the organizations are unchanged, for every user
    with the same scope; then only the chosen one is marked.
    """
    key = (scope_for(user).read_key,)
    options = cached_while_unchanged("organization-options", key, (Organization,), lambda: visible_options(user))
    return with_selected(options, selected)


def visible_options(user) -> str:
    """`organization_options` unmarked and read afresh, for a page that keeps it with figures of its own."""
    visible = Organization.objects.visible_to(user).values_list("pk", organization_label())
    return str(format_html_join("", '<option value="{}">{}</option>', visible))


def with_selected(options: str, selected=None) -> SafeString:
    if selected not in (None, ""):
        chosen = f'<option value="{int(selected)}">'
        options = options.replace(chosen, chosen[:-1] + " selected>", 1)
    return mark_safe(options)  # noqa: S308 (written by format_html_join; only a number is inserted)


class OrganizationSelect(PlainSelect):
    """The organization filter: `organization_options`, after the empty choice."""

    def __init__(self, user, empty_label, attrs=None):
        super().__init__(attrs)
        self.user, self.empty_label = user, empty_label

    def render(self, name, value, attrs=None, renderer=None):
        chosen = [choice for choice in self.format_value(value) if choice.isdigit()]
        empty = ""
        if self.empty_label is not None:
            marked = "" if chosen else mark_safe(" selected")
            empty = format_html('<option value=""{}>{}</option>', marked, self.empty_label)
        options = organization_options(self.user, chosen[0] if chosen else None)
        attributes = flatatt(self.build_attrs(self.attrs, attrs))
        return format_html('<select name="{}"{}>{}{}</select>', name, attributes, empty, options)


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


class PlainInputMixin:
    """An <input> written in Python, as `PlainSelect` writes a <select>: the filter bar is on every list page."""

    def render(self, name, value, attrs=None, renderer=None):
        value = self.format_value(value)
        attributes = flatatt(self.build_attrs(self.attrs, attrs))
        if value is None:
            return format_html('<input type="{}" name="{}"{}>', self.input_type, name, attributes)
        return format_html('<input type="{}" name="{}" value="{}"{}>', self.input_type, name, value, attributes)


class PlainTextInput(PlainInputMixin, forms.TextInput):
    pass


class PlainNumberInput(PlainInputMixin, forms.NumberInput):
    pass


# Django writes each widget, and each <option>, through a template of its own.
PLAIN_WIDGETS = {forms.Select: PlainSelect, forms.TextInput: PlainTextInput, forms.NumberInput: PlainNumberInput}


class PortalFilterSet(django_filters.FilterSet):
    """Bootstrap classes on every filter field, each written in Python rather than through widget templates."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.form.fields.items():
            if isinstance(self.filters[name], SubtreeFilter) and self.request is not None:
                field.widget = OrganizationSelect(self.request.user, field.empty_label, attrs=field.widget.attrs)
            else:
                field.widget = _plain(field.widget)
            field.widget.attrs["class"] = "form-select" if isinstance(field.widget, forms.Select) else "form-control"


def _plain(widget):
    plain_class = PLAIN_WIDGETS.get(type(widget))
    if plain_class is None:
        return widget
    plain = plain_class(attrs=widget.attrs)
    if isinstance(widget, forms.Select):
        plain.choices = widget.choices
    plain.is_required, plain.is_localized = widget.is_required, widget.is_localized
    return plain
