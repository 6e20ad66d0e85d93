"""Filters for the fixed wording of party documents (printed as is, never translated)."""

import datetime

from django import template
from django.utils import timezone

from danvan.text import nfc

register = template.Library()


@register.filter
def place_date(value: datetime.date | None, place: str = "") -> str:
    """``{{ report_date|place_date:"Lâm Bình" }}`` → "Lâm Bình, ngày 27 tháng 11 năm 2023"."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localdate(value)
    # Party layout pads days below 10 and the months January and February: "ngày 05 tháng 02".
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    phrase = f"ngày {value.day:02d} tháng {month} năm {value.year}"
    return nfc(f"{place}, {phrase}") if place else phrase
