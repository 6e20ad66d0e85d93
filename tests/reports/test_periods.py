import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from reports.periods import parse_period


@pytest.mark.parametrize(
    ("text", "start", "end", "wording"),
    [
        ("2023", datetime.date(2023, 1, 1), datetime.date(2023, 12, 31), "năm 2023"),
        ("2023-H1", datetime.date(2023, 1, 1), datetime.date(2023, 6, 30), "6 tháng đầu năm 2023"),
        (" 2023-h2 ", datetime.date(2023, 7, 1), datetime.date(2023, 12, 31), "6 tháng cuối năm 2023"),
        ("2019-2024", datetime.date(2019, 1, 1), datetime.date(2024, 12, 31), "giai đoạn 2019 – 2024"),
        ("2019 – 2024", datetime.date(2019, 1, 1), datetime.date(2024, 12, 31), "giai đoạn 2019 – 2024"),
    ],
)
def test_it_reads_years_half_years_and_phases(text, start, end, wording):
    period = parse_period(text)
    assert (period.start, period.end, period.wording) == (start, end, wording)
    assert parse_period(period.code) == period


def test_only_half_years_are_interim_reviews():
    assert parse_period("2023-H1").is_interim
    assert not parse_period("2023").is_interim and not parse_period("2019-2024").is_interim


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "is not a period"),
        ("23", "“23” is not a period. Write a year (2023), a half-year (2023-H1) or a phase (2019-2024)."),
        ("2023-H3", "is not a period"),
        ("2023/2024", "is not a period"),
        ("1899", "The year 1899 is outside 2000–2100."),
        ("2024-2019", "A phase ends after it starts: write 2019-2024."),
    ],
)
def test_it_says_what_to_write_instead(text, message):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        parse_period(text)
    assert message in error.value.messages[0]
