from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from conferences.models import (
    STORED_DIRECTIVE_STATUSES,
    Attendee,
    Commendation,
    Conference,
    ConferenceDocument,
    Directive,
    DirectiveUpdate,
    KeyFigure,
)
from conferences.services import ConferenceData, next_minutes_number
from danvan.documents import DocumentNumberError, parse_document_number
from danvan.forms import PortalFormMixin, RowFormSet
from danvan.locking import LockVersionFormMixin
from danvan.models import Organization

TEXTAREA = {"rows": 3}


class ConferenceForm(PortalFormMixin, LockVersionFormMixin, forms.ModelForm):
    class Meta:
        model = Conference
        fields = [
            "organizer",
            "kind",
            "title",
            "held_on",
            "starts_at",
            "ends_at",
            "place",
            "period",
            "other_participants",
            "participant_count",
            "summary",
            "limitations",
            "source_title",
            "byline",
        ]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "other_participants": forms.Textarea(attrs=TEXTAREA),
            "summary": forms.Textarea(attrs={"rows": 6}),
            "limitations": forms.Textarea(attrs=TEXTAREA),
            "starts_at": forms.TimeInput(attrs={"placeholder": "08:00"}, format="%H:%M"),
            "ends_at": forms.TimeInput(attrs={"placeholder": "11:30"}, format="%H:%M"),
        }

    # The form's headings, each over the fields it groups; short fields go two to a row on wide screens.
    FIELDSETS = [
        (_("Organizer, date and place"), ["organizer", "kind", "title", "held_on", "place", "starts_at", "ends_at"]),
        (_("Participants"), ["participant_count", "other_participants"]),
        (_("Results of the conference"), ["period", "summary", "limitations"]),
        (_("Source"), ["source_title", "byline"]),
    ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        organizers = Organization.objects.editable_by(user).select_related("unit")
        self.fields["organizer"].queryset = organizers
        # The date stays empty on a new conference: a default would be saved unread.
        first_two = list(organizers.values_list("pk", flat=True)[:2])
        if len(first_two) == 1 and self.initial.get("organizer") is None:
            self.initial["organizer"] = first_two[0]  # the user writes for one body only: nothing to choose

    @property
    def fieldsets(self) -> list:
        return [(legend, [self[name] for name in names]) for legend, names in self.FIELDSETS]

    def clean(self):
        cleaned = super().clean()
        organizer, held_on = cleaned.get("organizer"), cleaned.get("held_on")
        if organizer and held_on and not organizer.is_valid_on(held_on):
            self.add_error(
                "organizer",
                _("%(organization)s did not exist on %(date)s: choose the body that existed on that day.")
                % {"organization": organizer.name, "date": held_on.strftime("%d/%m/%Y")},
            )
        if held_on and held_on > timezone.localdate():
            self.add_error("held_on", _("The conference date is in the future."))
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at < starts_at:
            self.add_error("ends_at", _("The conference ends before it starts."))
        return cleaned


class RowForm(PortalFormMixin, forms.ModelForm):
    """One row of a conference's table; `row()` gives it as a row of `ConferenceData`."""

    # Form fields named apart from the key of the row (the person's full name is the row's `name`).
    row_keys: dict[str, str] = {}

    def row(self) -> dict:
        # The row's own fields: the inline formset adds `conference`, the unsaved one of a new conference.
        names = [name for name in self._meta.fields if name != "conference"]
        values = {self.row_keys.get(name, name): self.cleaned_data[name] for name in names}
        if self.instance.pk:
            values["id"] = self.instance.pk
        return values


class AttendeeForm(RowForm):
    row_keys = {"full_name": "name"}

    full_name = forms.CharField(label=_("full name"), max_length=120)

    class Meta:
        model = Attendee
        fields = ["full_name", "position", "role", "present", "absence_reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["full_name"].initial = self.instance.person.full_name

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("present") is False and not cleaned.get("absence_reason"):
            self.add_error("absence_reason", _("Give the reason for the absence."))
        return cleaned


class ConferenceDocumentForm(RowForm):
    code = forms.CharField(label=_("number and symbol"), max_length=60, help_text=_("e.g. 09-NQ/TU, 16/CT-TTg"))
    issued_on = forms.DateField(label=_("issued on"), required=False)
    issuer_name = forms.CharField(label=_("issued by"), max_length=200, required=False)
    title = forms.CharField(label=_("subject"), max_length=500, required=False)

    class Meta:
        model = ConferenceDocument
        fields = ["code", "issued_on", "issuer_name", "title", "relation"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            document = self.instance.document
            for name in ("code", "issued_on", "issuer_name", "title"):
                self.fields[name].initial = getattr(document, name)

    def clean_code(self):
        try:
            return parse_document_number(self.cleaned_data["code"])
        except DocumentNumberError as error:
            raise forms.ValidationError(str(error)) from None


class KeyFigureForm(RowForm):
    class Meta:
        model = KeyFigure
        fields = ["indicator", "value", "unit", "note"]
        widgets = {"value": forms.TextInput(attrs={"inputmode": "decimal"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["value"].localize = True


class DirectiveForm(RowForm):
    """A directive as the minutes give it; its status follows the units' progress reports only."""

    class Meta:
        model = Directive
        fields = ["text", "responsible_organizations", "person_in_charge", "deadline"]
        widgets = {
            "text": forms.Textarea(attrs=TEXTAREA),
            "responsible_organizations": forms.SelectMultiple(attrs={"size": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_organizations"].queryset = Organization.objects.visible_to(user)


class CommendationForm(RowForm):
    class Meta:
        model = Commendation
        fields = ["recipient_kind", "count", "names", "form", "authority", "decision"]
        widgets = {"names": forms.Textarea(attrs={"rows": 2})}


def _formset(form, *, max_rows: int):
    """At most `max_rows` rows, however many the posted TOTAL_FORMS claims: each row is a form to build and draw."""
    return inlineformset_factory(
        Conference,
        form.Meta.model,
        form=form,
        formset=RowFormSet,
        extra=1,
        can_delete=True,
        max_num=max_rows,
        absolute_max=max_rows,
        validate_max=True,
    )


ROW_FORMSETS = {
    "attendees": _formset(AttendeeForm, max_rows=300),
    "documents": _formset(ConferenceDocumentForm, max_rows=100),
    "figures": _formset(KeyFigureForm, max_rows=100),
    "directives": _formset(DirectiveForm, max_rows=100),
    "commendations": _formset(CommendationForm, max_rows=100),
}


def conference_data(form: ConferenceForm, formsets: dict) -> ConferenceData:
    """The validated form and row formsets as the plain data `write_conference` saves."""
    data = ConferenceData(
        {name: form.cleaned_data[name] for name in form._meta.fields},
        lock_version=form.cleaned_data["lock_version"] or 0,
    )
    for prefix, formset in formsets.items():
        deleted = formset.deleted_forms
        data.removed[prefix] = [row.instance.pk for row in deleted if row.instance.pk]
        # A blank extra row left untouched is no row.
        kept = [row for row in formset.forms if row not in deleted and row.cleaned_data]
        setattr(data, prefix, [row.row() for row in kept if row.instance.pk or row.has_changed()])
    return data


def initial_values(data: ConferenceData) -> tuple[dict, dict]:
    """Plain data as the initial values of the conference form and of its row formsets (the inverse of
    `conference_data`), for a draft not saved yet."""
    initial = {name: value for name, value in data.fields.items() if value}
    rows = {}
    for prefix, formset_class in ROW_FORMSETS.items():
        names = {key: name for name, key in formset_class.form.row_keys.items()}
        rows[prefix] = [{names.get(key, key): value for key, value in row.items()} for row in getattr(data, prefix)]
    return initial, rows


def row_formsets(data, conference: Conference, user, initial: dict | None = None) -> dict:
    """The inline rows of a conference, bound to `data` when it is given, else pre-filled with `initial`."""
    formsets = {}
    for prefix, formset_class in ROW_FORMSETS.items():
        kwargs = {"form_kwargs": {"user": user}} if prefix == "directives" else {}
        rows = (initial or {}).get(prefix) or None
        if rows:
            formset_class = type(formset_class.__name__, (formset_class,), {"extra": len(rows) + 1})
        formsets[prefix] = formset_class(data, instance=conference, prefix=prefix, initial=rows, **kwargs)
    return formsets


class ArticleForm(PortalFormMixin, forms.Form):
    """The text of a news article or report about a conference: pasted, or a .txt/.docx file."""

    text = forms.CharField(
        label=_("article text"), widget=forms.Textarea(attrs={"rows": 14}), required=False, max_length=200_000
    )
    file = forms.FileField(
        label=_("or a file (.txt, .docx)"), required=False, validators=[FileExtensionValidator(["txt", "docx"])]
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload and upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("text") and not cleaned.get("file") and not self.errors:
            raise forms.ValidationError(_("Paste the article or choose a file."))
        return cleaned


class DirectiveUpdateForm(PortalFormMixin, forms.ModelForm):
    status = forms.ChoiceField(label=_("status after this update"), choices=STORED_DIRECTIVE_STATUSES)

    class Meta:
        model = DirectiveUpdate
        fields = ["reported_on", "organization", "text", "status"]
        widgets = {"text": forms.Textarea(attrs=TEXTAREA)}

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["reported_on"].initial = timezone.localdate()

    def clean_reported_on(self):
        reported_on = self.cleaned_data["reported_on"]
        if reported_on > timezone.localdate():
            raise forms.ValidationError(_("The date is in the future."))
        return reported_on


class FinalizeForm(PortalFormMixin, forms.Form):
    """The number and the confirmation asked before minutes become final; the service checks the register."""

    minutes_number = forms.CharField(label=_("minutes number"), max_length=60)
    confirm = forms.BooleanField(
        label=_("I have checked the draft: once final, these minutes can no longer be changed."),
        error_messages={"required": _("Confirm that you have checked the draft.")},
    )

    def __init__(self, *args, conference, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["minutes_number"]
        field.initial = conference.minutes_number or next_minutes_number(conference)
        field.widget.attrs["class"] += " w-auto"
        field.error_messages = {
            **field.error_messages,
            "required": _("Enter the minutes number, e.g. %(example)s.") % {"example": field.initial},
        }
        if conference.previous_version_id and conference.minutes_number:
            field.disabled = True
            field.help_text = _("A correction keeps the number of the minutes it corrects.")
        else:
            field.help_text = _("The next free number of the register of %(organization)s for %(year)s.") % {
                "organization": conference.organizer.name,
                "year": conference.held_on.year,
            }

    def refuse(self, error: ValidationError) -> None:
        """Show the service's refusal next to its field, marked like the form's own errors."""
        self.add_error(None, error)
        self._mark_invalid_fields()


class CorrectionForm(PortalFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("reason for the correction"), widget=forms.Textarea(attrs=TEXTAREA), max_length=2000
    )
