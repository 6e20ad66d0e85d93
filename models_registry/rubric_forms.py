from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.forms import PortalFormMixin
from danvan.models import Organization
from models_registry.models import Level, Rubric
from models_registry.rubric_services import CriterionRow

BLANK_CRITERIA_ROWS = 4


class RubricForm(PortalFormMixin, forms.ModelForm):
    criteria_file = forms.FileField(
        label=_("criteria from a workbook (.xlsx)"),
        required=False,
        help_text=_(
            "Optional: one row per criterion with the columns group, criterion, maximum score, guidance "
            "(the export of a rubric has this layout). It replaces the criteria below."
        ),
    )

    class Meta:
        model = Rubric
        fields = ["organization", "name", "level", "valid_from_year", "valid_to_year", "pass_mark", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.editable_by(user).select_related("unit")
        self.fields["level"].choices = list(Level.choices)
        if not self.instance.pk:
            year = timezone.localdate().year
            self.initial.setdefault("valid_from_year", year)
            self.initial.setdefault("valid_to_year", year + 4)

    def clean_valid_from_year(self):
        year = self.cleaned_data["valid_from_year"]
        if not 2009 <= year <= 2100:
            raise forms.ValidationError(_("Enter a year between 2009 and 2100."))
        return year


class CriterionForm(PortalFormMixin, forms.Form):
    group = forms.CharField(label=_("group of criteria"), max_length=200, required=False)
    name = forms.CharField(label=_("criterion"), max_length=500, required=False)
    max_score = forms.DecimalField(
        label=_("maximum score"), max_digits=6, decimal_places=2, min_value=Decimal("0.01"), required=False
    )
    guidance = forms.CharField(label=_("scoring guidance"), required=False, widget=forms.Textarea(attrs={"rows": 1}))

    def clean(self):
        data = super().clean()
        given = [data.get(name) not in (None, "") for name in ("group", "name", "max_score")]
        if any(given) and not all(given) or (data.get("guidance") and not any(given)):
            raise forms.ValidationError(_("A criterion needs its group, its text and its maximum score."))
        return data

    def row(self) -> CriterionRow | None:
        data = self.cleaned_data
        if not data.get("name"):
            return None
        return CriterionRow(data["group"].strip(), data["name"].strip(), data["max_score"], data["guidance"].strip())


CriterionFormSet = forms.formset_factory(CriterionForm, extra=BLANK_CRITERIA_ROWS, max_num=200, absolute_max=200)


def criteria_formset(data=None, *, rubric: Rubric | None = None):
    initial = (
        [
            {"group": c.group, "name": c.name, "max_score": c.max_score, "guidance": c.guidance}
            for c in rubric.criteria.all()
        ]
        if rubric and rubric.pk
        else []
    )
    return CriterionFormSet(data, initial=initial, prefix="criteria")


class ScoreSheetForm(PortalFormMixin, forms.Form):
    """One field per criterion (empty: not scored yet), and a comment."""

    comment = forms.CharField(label=_("comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, rubric: Rubric, sheet=None, **kwargs):
        self.criteria = list(rubric.criteria.all())
        super().__init__(*args, **kwargs)
        given = {score.criterion_id: score.points for score in sheet.scores.all()} if sheet else {}
        for criterion in self.criteria:
            name = f"criterion_{criterion.pk}"
            self.fields[name] = forms.DecimalField(
                label=criterion.name,
                required=False,
                min_value=0,
                max_value=criterion.max_score,
                max_digits=6,
                decimal_places=2,
                initial=given.get(criterion.pk),
            )
            self.fields[name].widget.attrs.update({"class": "form-control text-end", "step": "0.25", "min": "0"})
        if sheet:
            self.fields["comment"].initial = sheet.comment

    def groups(self) -> list[tuple[str, list]]:
        """(group, [(criterion, bound field)]) in the rubric's order."""
        grouped: list[tuple[str, list]] = []
        for criterion in self.criteria:
            if not grouped or grouped[-1][0] != criterion.group:
                grouped.append((criterion.group, []))
            grouped[-1][1].append((criterion, self[f"criterion_{criterion.pk}"]))
        return grouped

    def points(self) -> dict[int, Decimal | None]:
        return {criterion.pk: self.cleaned_data.get(f"criterion_{criterion.pk}") for criterion in self.criteria}
