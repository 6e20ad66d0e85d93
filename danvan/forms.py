from django import forms
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from danvan.models import Organization
from danvan.text import nfc


class PlainSelect(forms.Select):
    """A <select> written in Python rather than one template per option (no option groups).

    Filters list every organization in scope (about 300 for a province): Django's
    per-option templates made that one field a fifth of the list pages' time.
    """

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((key, mark_safe(" selected") if str(key) in chosen else "", label) for key, label in self.choices),
        )
        attributes = flatatt(self.build_attrs(self.attrs, attrs))
        return format_html('<select name="{}"{}>{}</select>', name, attributes, options)


class NameChoiceIterator(ModelChoiceIterator):
    """Choices as (pk, name) read with values_list: no model instance per option."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.queryset.values_list("pk", "name")


class OrganizationChoiceField(forms.ModelChoiceField):
    """An organization picked from a few hundred: names only, in a plain select."""

    iterator = NameChoiceIterator
    widget = PlainSelect


class PortalFormMixin:
    """Bootstrap classes, day-first date hints and NFC text for every portal form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            if isinstance(field, forms.DateField):
                widget.attrs.setdefault("placeholder", _("dd/mm/yyyy"))
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["class"] += " is-invalid"
                self.fields[name].widget.attrs["aria-invalid"] = "true"

    def _clean_fields(self):
        super()._clean_fields()
        for name, value in self.cleaned_data.items():
            if isinstance(value, str):
                self.cleaned_data[name] = nfc(value).strip()


class OrganizationForm(PortalFormMixin, forms.ModelForm):
    """What a body's own staff may correct: how it is named and printed."""

    class Meta:
        model = Organization
        fields = ["name", "party_organization_name", "issuer_code", "place_name", "valid_from", "valid_until"]

    def clean(self):
        cleaned = super().clean()
        valid_from, valid_until = cleaned.get("valid_from"), cleaned.get("valid_until")
        if valid_from and valid_until and valid_until < valid_from:
            self.add_error("valid_until", _("The end date is before the start date."))
        return cleaned
