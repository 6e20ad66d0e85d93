from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet, ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from danvan.locking import LockVersionFormMixin
from danvan.models import Organization, organization_label
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
    """Choices as (pk, label) read with values_list: no model instance per option.

    The label is `str(organization)`: the name, with its period where another organization bears it.
    """

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.queryset.values_list("pk", organization_label())


class OrganizationChoiceField(forms.ModelChoiceField):
    """An organization picked from a few hundred: names only, in a plain select."""

    iterator = NameChoiceIterator
    widget = PlainSelect


# What a database id column can hold (a signed 64-bit integer): SQLite cannot even be asked about more.
SMALLEST_ID, LARGEST_ID = -(2**63), 2**63 - 1


def is_storable_id(value) -> bool:
    """False only for an integer the database cannot hold; other text is left for the field to refuse."""
    try:
        number = int(str(value).strip())
    except ValueError:
        return True
    return SMALLEST_ID <= number <= LARGEST_ID


class IdRangeModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Refuses a 20-digit id as an invalid choice instead of sending it to the database in `pk__in`.

    (A single choice is safe: Django answers an out-of-range `pk=` with no row, but not `pk__in`.)
    Ids that are not numbers get the same message, which Django's Vietnamese catalog translates.
    """

    def _check_values(self, value):
        for pk in value:
            if not is_storable_id(pk):
                raise self._invalid_choice(pk)
        try:
            return super()._check_values(value)
        except ValidationError as error:
            if error.code == "invalid_pk_value":
                raise self._invalid_choice(error.params["pk"]) from None
            raise

    def _invalid_choice(self, pk) -> ValidationError:
        return ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk})


class PortalFormMixin:
    """Bootstrap classes, day-first date hints, NFC text and bounded ids for every portal form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if type(field) is forms.ModelMultipleChoiceField:
                # The subclass adds a check and no state: every many-to-many field of a portal form gets it.
                field.__class__ = IdRangeModelMultipleChoiceField
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
        if self.is_bound and self._errors:
            self._show_hidden_field_errors()
            self._mark_invalid_fields()

    def _mark_invalid_fields(self) -> None:
        for name in self._errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
                widget.attrs["aria-invalid"] = "true"

    def _show_hidden_field_errors(self) -> None:
        """Errors of hidden fields become errors of the form: templates show no hidden field's errors."""
        for name in [name for name in self._errors if name in self.fields and self.fields[name].widget.is_hidden]:
            messages = self._errors.pop(name)
            if self._is_row_id(name):
                self._forget_row_id(name)
                messages = [VANISHED_ROW]
            for message in messages:
                self.add_error(None, message)

    def _is_row_id(self, name: str) -> bool:
        """The hidden id a model formset gives each saved row."""
        meta = getattr(self, "_meta", None)
        return meta is not None and meta.model is not None and name == meta.model._meta.pk.name

    def _forget_row_id(self, name: str) -> None:
        """Show the row again without the id of the row that is gone: saving again adds it as a new row."""
        data = self.data.copy()
        data[self.add_prefix(name)] = ""
        self.data = data

    def _clean_fields(self):
        super()._clean_fields()
        for name, value in self.cleaned_data.items():
            if isinstance(value, str):
                self.cleaned_data[name] = nfc(value).strip()


VANISHED_ROW = _(
    "Someone else removed this row after you opened the page. What you typed is kept: "
    "save again to add it back as a new row, or tick “Remove” to leave it out."
)


class RowFormSet(BaseInlineFormSet):
    """The rows of a record, where a saved row that someone else removed meanwhile can be added back.

    Such a row is shown again with its id blanked (see `PortalFormMixin`); posted again
    without an id, it is valid and saved as a new row instead of being refused as tampering.
    """

    default_error_messages = {"too_many_forms": _("At most %(num)s rows can be entered in this table.")}

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if self.is_bound and i < self.initial_form_count():
            pk_name = self.model._meta.pk.name
            if not self.data.get(f"{self.add_prefix(i)}-{pk_name}", "").strip():
                form.fields[pk_name].required = False
        return form


class OrganizationForm(PortalFormMixin, LockVersionFormMixin, forms.ModelForm):
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
