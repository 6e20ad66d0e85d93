"""The columns of the file: their headers, and the widget that reads and writes each one.

One file format serves the template, the import and the export. The widgets of
`EmulationModelResource` read the cells (`clean`, used by the import's checks) and
write them (`render`, used by the export, which goes through django-import-export).
"""

import datetime
import functools
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from danvan.models import Era
from danvan.text import fold
from models_registry.models import EmulationModel, Field, SubjectKind
from models_registry.spreadsheets.cells import cell_text, fold_value

FIRST_YEAR = 2009  # the movement started in 2009

# The headers and the values below are a file format shared by every user, whatever the
# language of their screen: a sheet exported in English must import in Vietnamese, so
# they are not translated.
COLUMNS = {
    "name": "Tên mô hình",
    "subject_kind": "Tập thể/Cá nhân",
    "field": "Lĩnh vực",
    "unit_code": "Mã đơn vị hành chính",
    "era": "Thời kỳ",
    "registering_unit_name": "Đơn vị đăng ký",
    "person_name": "Họ tên cá nhân",
    "person_position": "Chức vụ",
    "registration_year": "Năm đăng ký",
    "phase": "Giai đoạn",
    "address": "Địa chỉ",
    "situation": "Thực trạng, lý do",
    "goals": "Mục tiêu",
    "content_and_method": "Nội dung, cách thức",
    "starts_on": "Bắt đầu",
    "ends_on": "Kết thúc",
}
REQUIRED = ("name", "subject_kind", "field", "unit_code", "registration_year")
TEXT_COLUMNS = ("unit_code", "starts_on", "ends_on")  # typed as Text in the template: Excel keeps them as written
SUBJECT_KIND_LABELS = {SubjectKind.COLLECTIVE: "Tập thể", SubjectKind.INDIVIDUAL: "Cá nhân"}
ERA_LABELS = {Era.PRE_2025: "trước 1/7/2025", Era.FROM_2025: "từ 1/7/2025"}
CODE_LENGTHS = (2, 3, 5)  # province, district, commune
DATE_PATTERN = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
ISO_DATE_PATTERN = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


@functools.lru_cache(maxsize=4096)
def header_key(text: str) -> str:
    """Headers match without case, diacritics, punctuation or a trailing note: "Bat dau (dd/mm/yyyy)"."""
    return re.sub(r"[^a-z0-9]", "", fold(re.sub(r"\(.*\)\s*$", "", text)))


COLUMN_BY_KEY = {header_key(header): name for name, header in COLUMNS.items()}
COLUMN_BY_HEADER = {header: name for name, header in COLUMNS.items()}


# Widgets: one column each; a ValueError becomes the row's error for that column.


class TextWidget(widgets.Widget):
    def __init__(self, max_length: int | None = None, required: bool = False):
        super().__init__(coerce_to_string=False)
        self.max_length, self.required = max_length, required

    def clean(self, value, row=None, **kwargs) -> str:
        text = cell_text(value)
        if self.required and not text:
            raise ValueError(_("This column must be filled in."))
        if self.max_length and len(text) > self.max_length:
            raise ValueError(_("At most %(limit)s characters.") % {"limit": self.max_length})
        return text

    def render(self, value, obj=None, **kwargs):
        return value or ""


class SubjectKindWidget(widgets.Widget):
    CHOICES = {
        **{fold(label): kind for kind, label in SUBJECT_KIND_LABELS.items()},
        **{kind.value: kind for kind in SubjectKind},
    }

    def clean(self, value, row=None, **kwargs) -> str:
        text = fold_value(cell_text(value))
        if text in self.CHOICES:
            return self.CHOICES[text]
        if not text:
            raise ValueError(_("This column must be filled in."))
        labels = SUBJECT_KIND_LABELS
        raise ValueError(
            _("Write “%(collective)s” or “%(individual)s”.")
            % {"collective": labels[SubjectKind.COLLECTIVE], "individual": labels[SubjectKind.INDIVIDUAL]}
        )

    def render(self, value, obj=None, **kwargs):
        return SUBJECT_KIND_LABELS.get(value, "")


class FieldWidget(widgets.Widget):
    """A field by name or code, without case or diacritics: "kinh te" is “Kinh tế”."""

    def __init__(self):
        super().__init__(coerce_to_string=False)
        self.choices: dict[str, Field] = {}
        self.names: list[str] = []

    def load(self) -> None:
        for item in Field.objects.all():
            self.names.append(item.name)
            for key in (item.name, item.code, item.code.replace("-", " ")):
                self.choices.setdefault(fold(key), item)

    def clean(self, value, row=None, **kwargs) -> Field:
        text = cell_text(value)
        if not text:
            raise ValueError(_("This column must be filled in."))
        try:
            return self.choices[fold_value(text)]
        except KeyError:
            raise ValueError(_("Unknown field: use one of %(choices)s.") % {"choices": ", ".join(self.names)}) from None

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


@dataclass(frozen=True)
class CodeCell:
    text: str
    typed_as_number: bool

    @property
    def candidates(self) -> set[str]:
        """The codes this cell may stand for once Excel has dropped the leading zeros."""
        if not self.text.isdigit():
            return {self.text}
        if not self.typed_as_number and len(self.text) in CODE_LENGTHS:
            return {self.text}
        codes = {self.text.zfill(length) for length in CODE_LENGTHS if length > len(self.text)}
        return codes | ({self.text} if len(self.text) in CODE_LENGTHS else set())


class UnitCodeWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs) -> CodeCell:
        text = cell_text(value)
        if not text:
            raise ValueError(_("This column must be filled in."))
        return CodeCell(text, typed_as_number=isinstance(value, int | float))


class EraWidget(widgets.Widget):
    """ "pre2025" / "from2025", or as people write it: "trước 1/7/2025", "Từ 01/07/2025"."""

    WORDS = {"truoc": Era.PRE_2025, "pre": Era.PRE_2025, "tu": Era.FROM_2025, "from": Era.FROM_2025}
    REFORM_SPELLINGS = ("", "2025", "172025", "0172025", "01072025")

    def clean(self, value, row=None, **kwargs) -> str:
        key = header_key(cell_text(value))
        if not key:
            return ""
        for word, era in self.WORDS.items():
            if key.startswith(word) and key.removeprefix(word) in self.REFORM_SPELLINGS:
                return era
        raise ValueError(
            _("Write “%(before)s” or “%(after)s”, or leave it empty.")
            % {"before": ERA_LABELS[Era.PRE_2025], "after": ERA_LABELS[Era.FROM_2025]}
        )

    def render(self, value, obj=None, **kwargs):
        return ERA_LABELS.get(value, "")


class YearWidget(widgets.Widget):
    def __init__(self):
        super().__init__(coerce_to_string=False)
        self.last_year = None  # next year, asked once per import: the clock and time zone cost per row

    def clean(self, value, row=None, **kwargs) -> int:
        text = cell_text(value)
        if not text:
            raise ValueError(_("This column must be filled in."))
        if not (text.isdigit() and len(text) == 4):
            raise ValueError(_("Write the year with four digits, e.g. 2024."))
        year = int(text)
        if self.last_year is None:
            self.last_year = timezone.localdate().year + 1
        if not FIRST_YEAR <= year <= self.last_year:
            raise ValueError(_("The movement started in 2009: give a year from 2009 to next year."))
        return year

    def render(self, value, obj=None, **kwargs):
        return value


class DayFirstDateWidget(widgets.Widget):
    def __init__(self):
        super().__init__(coerce_to_string=False)

    def clean(self, value, row=None, **kwargs) -> datetime.date | None:
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = cell_text(value)
        if not text:
            return None
        if match := DATE_PATTERN.match(text):
            day, month, year = (int(part) for part in match.groups())
        elif match := ISO_DATE_PATTERN.match(text):
            year, month, day = (int(part) for part in match.groups())
        else:
            raise ValueError(_("Write the date as dd/mm/yyyy, e.g. 05/03/2024."))
        try:
            return datetime.date(year, month, day)
        except ValueError:
            raise ValueError(_("Write the date as dd/mm/yyyy, e.g. 05/03/2024.")) from None

    def render(self, value, obj=None, **kwargs):
        return value


def _column(name: str, attribute: str | None = None, widget: widgets.Widget | None = None) -> fields.Field:
    return fields.Field(attribute=attribute or name, column_name=COLUMNS[name], widget=widget or TextWidget())


class EmulationModelResource(resources.ModelResource):
    """The columns of the file ↔ the fields of a model, one widget per column.

    A widget reads a cell (`clean`, used by `ImportCheck`) and writes one (`render`, used by
    the export, which goes through django-import-export). Columns that are not model
    fields (code, era, person) are written by the `dehydrate_*` methods below.
    """

    name = _column("name", widget=TextWidget(300, required=True))
    subject_kind = _column("subject_kind", widget=SubjectKindWidget())
    field = _column("field", widget=FieldWidget())
    unit_code = _column("unit_code", "import_unit_code", UnitCodeWidget())
    era = _column("era", "import_era", EraWidget())
    registering_unit_name = _column("registering_unit_name", widget=TextWidget(300))
    person_name = _column("person_name", "import_person_name", TextWidget(120))
    person_position = _column("person_position", "import_person_position", TextWidget(300))
    registration_year = _column("registration_year", widget=YearWidget())
    phase = _column("phase", widget=TextWidget(40))
    address = _column("address", widget=TextWidget(300))
    situation = _column("situation")
    goals = _column("goals")
    content_and_method = _column("content_and_method")
    starts_on = _column("starts_on", widget=DayFirstDateWidget())
    ends_on = _column("ends_on", widget=DayFirstDateWidget())

    class Meta:
        model = EmulationModel
        fields = tuple(COLUMNS)
        export_order = tuple(COLUMNS)

    def dehydrate_unit_code(self, model: EmulationModel) -> str:
        unit = model.registering_organization.unit
        return unit.code if unit else ""

    def dehydrate_era(self, model: EmulationModel) -> str:
        unit = model.registering_organization.unit
        return ERA_LABELS.get(unit.era, "") if unit else ""

    def dehydrate_person_name(self, model: EmulationModel) -> str:
        return model.person.full_name if model.person else ""

    def dehydrate_person_position(self, model: EmulationModel) -> str:
        return model.person_position if model.person else ""
