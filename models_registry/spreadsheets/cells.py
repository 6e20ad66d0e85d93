"""Cells as the user reads them, and formulas never run: what a cell holds, on the way in and out.

A cell written by our export or read back from an import is text, a number or a date;
a text that starts like a formula (“=”, “+”, “-”, “@”) is never written as one.
"""

import datetime
import functools
import re

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from danvan.text import fold, nfc, without_control_characters

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Cells repeat the same few values ("Tập thể", "Kinh tế") thousands of times; folding is not free.
fold_value = functools.lru_cache(maxsize=4096)(fold)


def cell_text(value) -> str:
    """A cell as the user reads it: 2266.0 → "2266", a date → "05/03/2024"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return f"{value:%d/%m/%Y}"
    return str(value).strip()


def clean_text(value: str) -> str:
    """A text cell as it is kept: composed diacritics, no control characters, no surrounding spaces."""
    return nfc(without_control_characters(value)).strip()


def compact(text: str) -> str:
    return re.sub(r"\s", "", fold(text))


@functools.cache
def in_every_language(message: str) -> frozenset[str]:
    """`message` as the template writes it in each language of the site, compacted: the file
    format does not depend on the language of the screen it was downloaded from."""
    translated = set()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            translated.add(compact(_(message)))
    return frozenset(translated)


def is_example(name) -> bool:
    """The template's example row, by its name: “Ví dụ: …” or “Example: …”, in any case or spacing."""
    text = cell_text(name)
    starts = tuple(f"{word}:" for word in in_every_language("Example"))
    # Most names do not start with the letter of any of those words: not worth folding whole.
    first_letter = next((letter for letter in map(fold_value, text) if letter), "")[:1]
    return bool(first_letter) and first_letter in {start[0] for start in starts} and compact(text).startswith(starts)


def unescape_formula(value: str) -> str:
    """Undo the quote our CSV export puts before a formula-like value."""
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_STARTS) else value


def csv_cell(value) -> str:
    """A CSV value; a formula-like text gets a leading quote, which the import takes off again."""
    text = cell_text(value) if not isinstance(value, str) else value
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def xlsx_cell(sheet, value, as_text: bool):
    """A workbook cell: a date as dd/mm/yyyy; a text starting with “=”, or `as_text`, as a string, never a formula."""
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = "DD/MM/YYYY"
        return cell
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if not (as_text or value.startswith("=")):
        return value
    cell = WriteOnlyCell(sheet, value)
    cell.data_type = "s"  # a string cell: never a formula, and "02266" keeps its zero
    cell.number_format = "@"
    return cell
