from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from danvan.forms import PortalFormMixin
from reports.kinds import KINDS
from reports.models import ReportKind
from reports.periods import parse_period
from reports.services import find_decision


class ReportForm(PortalFormMixin, forms.Form):
    """What to print. The organization is checked by the view (out of scope is 404, not a form error)."""

    # Only the kinds with a spec are offered: any other is a form error, never a list under the wrong title.
    kind = forms.ChoiceField(
        label=_("Report"), choices=[(kind, label) for kind, label in ReportKind.choices if kind in KINDS]
    )
    organization = forms.IntegerField(label=_("Issuing body and its subtree"), widget=forms.Select)
    period = forms.CharField(
        label=_("Period"),
        required=False,
        max_length=20,
        help_text=_("A year (2023), a half-year (2023-H1 or 2023-H2) or a phase (2019-2024)."),
    )
    decision = forms.CharField(
        label=_("Decision number"),
        required=False,
        max_length=60,
        help_text=_("For the list of models recognized by a decision, e.g. 412-QĐ/HU."),
    )
    decision_date = forms.DateField(
        label=_("Decision date"), required=False, help_text=_("Only needed when two decisions share the number.")
    )
    number = forms.CharField(
        label=_("Document number"),
        required=False,
        max_length=12,
        help_text=_("Leave empty to write the number in by hand after registering the document."),
    )
    signer_name = forms.CharField(label=_("Name of the signer"), required=False, max_length=120)
    recipients = forms.CharField(
        label=_("Recipients"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One per line. Leave empty for the usual recipients of the issuing level: "
            "the bodies above, the bodies below and the archive."
        ),
    )

    def __init__(self, *args, organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organizations = {o.pk: o for o in organizations}
        self.fields["organization"].widget.choices = [(o.pk, str(o)) for o in organizations]

    def clean(self):
        data = super().clean()
        spec = KINDS[data["kind"]] if data.get("kind") else None
        if spec and spec.needs_period:
            if not data.get("period"):
                self.add_error("period", _("This report needs a period."))
            else:
                try:
                    data["period"] = parse_period(data["period"])
                except ValidationError as error:
                    self.add_error("period", error)
        else:
            data["period"] = None
        if spec and spec.needs_decision:
            issuer = self.organizations.get(data.get("organization"))
            if not data.get("decision"):
                self.add_error("decision", _("Give the number of the decision."))
            elif issuer is not None:
                try:
                    data["decision"] = find_decision(data["decision"], data.get("decision_date"), within=issuer)
                except ValidationError as error:
                    self.add_error("decision", error)
        else:
            data["decision"] = None
        data["recipients"] = tuple(line.strip() for line in data.get("recipients", "").splitlines() if line.strip())
        return data
