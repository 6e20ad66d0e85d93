from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.documents import DocumentNumberError, parse_document_number
from danvan.forms import PortalFormMixin
from danvan.locking import LockVersionFormMixin
from danvan.models import Organization
from models_registry.models import Attachment, EmulationModel, Field, Level, SubjectKind
from models_registry.recognitions import deciding_bodies

TEXTAREA = {"rows": 3}
FORM_TEXT_FIELDS = [
    "situation",
    "goals",
    "content_and_method",
    "beneficiaries",
    "lead_forces",
    "participating_forces",
    "resources",
    "expected_results",
    "replicability",
]
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024


class EmulationModelForm(PortalFormMixin, LockVersionFormMixin, forms.ModelForm):
    person_name = forms.CharField(
        label=_("full name of the individual"), max_length=120, required=False, help_text=_("For an exemplar.")
    )
    person_position = forms.CharField(label=_("position of the individual"), max_length=300, required=False)

    class Meta:
        model = EmulationModel
        fields = [
            "registering_organization",
            "name",
            "subject_kind",
            "field",
            "registering_unit_name",
            "person_name",
            "person_position",
            "address",
            "registration_year",
            "phase",
            *FORM_TEXT_FIELDS,
            "starts_on",
            "ends_on",
        ]
        widgets = {name: forms.Textarea(attrs=TEXTAREA) for name in FORM_TEXT_FIELDS}

    # The form's headings, each over the fields it groups; short fields go two to a row on wide screens.
    FIELDSETS = [
        (
            _("Organization and year"),
            ["registering_organization", "registration_year", "registering_unit_name", "phase"],
        ),
        (_("About the model"), ["name", "subject_kind", "field", "address", "starts_on", "ends_on"]),
        (_("The individual (for an exemplar)"), ["person_name", "person_position"]),
        (
            _("Content of the model"),
            [
                "situation",
                "goals",
                "content_and_method",
                "beneficiaries",
                "lead_forces",
                "participating_forces",
                "resources",
            ],
        ),
        (_("Results and effect"), ["expected_results", "replicability"]),
    ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        organizations = Organization.objects.editable_by(user).select_related("unit")
        self.fields["registering_organization"].queryset = organizations
        self.fields["field"].queryset = Field.objects.all()
        if not self.instance.pk:
            self._preselect("registration_year", timezone.localdate().year)
            first_two = list(organizations.values_list("pk", flat=True)[:2])
            if len(first_two) == 1:  # the user registers for one organization only: nothing to choose
                self._preselect("registering_organization", first_two[0])
        if self.instance.person_id:
            self.fields["person_name"].initial = self.instance.person.full_name
            self.fields["person_position"].initial = self.instance.person_position

    def _preselect(self, name: str, value) -> None:
        """Offer `value` on a new model, unless something was chosen already."""
        if self.initial.get(name) is None:
            self.initial[name] = value

    @property
    def fieldsets(self) -> list:
        return [(legend, [self[name] for name in names]) for legend, names in self.FIELDSETS]

    def clean_registration_year(self):
        year = self.cleaned_data["registration_year"]
        if not 2009 <= year <= timezone.localdate().year + 1:
            raise forms.ValidationError(_("The movement started in 2009: give a year from 2009 to next year."))
        return year

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("subject_kind") == SubjectKind.INDIVIDUAL and not cleaned.get("person_name"):
            self.add_error("person_name", _("An exemplar is a person: give their full name."))
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end date is before the start date."))
        return cleaned


class ActionForm(PortalFormMixin, forms.Form):
    """The note, level and decision an action may need; the service decides what is required."""

    note = forms.CharField(label=_("note or reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    level = forms.ChoiceField(label=_("level"), choices=Level.choices, required=False)
    decision = forms.CharField(label=_("decision number"), max_length=60, required=False, help_text=_("e.g. 123-QĐ/HU"))
    decided_on = forms.DateField(label=_("decision date"), required=False)
    deciding_organization = forms.ModelChoiceField(
        label=_("deciding body"),
        queryset=Organization.objects.none(),
        required=False,
        error_messages={
            "invalid_choice": _(
                "Choose the deciding body from the list: the party committee or its mass mobilization board "
                "of the level being recognized."
            )
        },
    )

    def __init__(self, *args, user, model, **kwargs):
        super().__init__(*args, **kwargs)
        bodies = deciding_bodies(model, model.review_level) if model.review_level else Organization.objects.none()
        self.fields["deciding_organization"].queryset = bodies.editable_by(user).order_by("kind", "name")

    def clean_decision(self):
        text = self.cleaned_data["decision"]
        if not text:
            return None
        try:
            return parse_document_number(text)
        except DocumentNumberError as error:
            raise forms.ValidationError(str(error)) from None


class AttachmentForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = Attachment
        fields = ["title", "file"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_ATTACHMENT_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload
