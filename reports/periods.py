"""Report periods as people write them: a year, a half-year or a phase of the movement."""

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

FIRST_YEAR, LAST_YEAR = 2000, 2100
# "2023", "2023-H1", "2023 h2", "2019-2024", "2019 – 2024" (en dash, as printed in documents).
PERIOD = re.compile(r"(?P<year>\d{4})(?:\s*-\s*[Hh](?P<half>[12])|\s*[-–]\s*(?P<last>\d{4}))?")


@dataclass(frozen=True)
class Period:
    first_year: int
    last_year: int
    half: int | None = None

    @property
    def code(self) -> str:
        if self.half:
            return f"{self.first_year}-H{self.half}"
        if self.first_year == self.last_year:
            return str(self.first_year)
        return f"{self.first_year}-{self.last_year}"

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.first_year, 7 if self.half == 2 else 1, 1)

    @property
    def end(self) -> datetime.date:
        return datetime.date(self.last_year, 6, 30) if self.half == 1 else datetime.date(self.last_year, 12, 31)

    @property
    def years(self) -> range:
        return range(self.first_year, self.last_year + 1)

    @property
    def is_interim(self) -> bool:
        """Six months are reviewed in a "sơ kết"; a year or a phase in a "tổng kết"."""
        return self.half is not None

    @property
    def wording(self) -> str:
        """The period as party documents print it (fixed Vietnamese wording)."""
        if self.half == 1:
            return f"6 tháng đầu năm {self.first_year}"
        if self.half == 2:
            return f"6 tháng cuối năm {self.first_year}"
        if self.first_year == self.last_year:
            return f"năm {self.first_year}"
        return f"giai đoạn {self.first_year} – {self.last_year}"

    def __str__(self) -> str:
        return self.code


def parse_period(text: str) -> Period:
    """`2023`, `2023-H1`, `2023-H2` or `2019-2024`; anything else is a ValidationError that says what to write."""
    match = PERIOD.fullmatch((text or "").strip())
    if not match:
        raise ValidationError(
            _("“%(value)s” is not a period. Write a year (2023), a half-year (2023-H1) or a phase (2019-2024).")
            % {"value": (text or "").strip()[:40]},
            code="invalid",
        )
    first = int(match["year"])
    last = int(match["last"] or first)
    for year in (first, last):
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise ValidationError(
                _("The year %(year)s is outside %(first)s–%(last)s.")
                % {"year": year, "first": FIRST_YEAR, "last": LAST_YEAR},
                code="out_of_range",
            )
    if last < first:
        raise ValidationError(
            _("A phase ends after it starts: write %(first)s-%(last)s.") % {"first": last, "last": first},
            code="reversed",
        )
    return Period(first, last, int(match["half"]) if match["half"] else None)
