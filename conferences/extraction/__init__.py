"""Rule-based reading of conference news articles: regular expressions and our own word lists,
no network and no trained model.

    from conferences.extraction import extract_conference, to_json
    extraction = extract_conference(text, organizations=Organization.objects.all())
    to_json(extraction)

`extract_conference` never raises; text that is empty, noise or about something else gives an
empty `Extraction`. Only the first `source.MAX_CHARS` characters are read. Every value keeps the
sentence it came from (`evidence`); an inferred year says how in `Extraction.date.note`.

Decisions worth knowing:
- an event is a "hội nghị" or any gathering held ("họp mặt", "lễ kỷ niệm", "giao ban", "chương trình
  tuyên dương", "tổ chức sơ kết …"); its title, organizer and kind come from the sentence announcing it;
- a person is recognized by the shape of a Vietnamese name (data/surnames.txt) next to a position
  (data/position_titles.txt) or after "đồng chí", "ông", "bà"; never from a list of people;
- roles: "chủ trì" → chu_tri; "dự và chỉ đạo", "phát biểu chỉ đạo", or giving the directives →
  du_chi_dao (unless chairing); anyone else attending, speaking or not → du;
- a year left out comes from the dateline, an anniversary, the periods the title names or the years
  since a dated document, in that order (see `years`);
- a document is a cited number with its type and issuer ("09-NQ/TU", "16/CT-TTg"); "Đề án 02
  ngày 23/5/2021" without a code is not one. Documents are listed once per code, with the first
  date, issuer ("của …") and subject ("về …") written after any of its mentions; those the title
  reviews ("tổng kết 10 năm thực hiện Nghị quyết 25") are "reviewed", the others "cited";
- commendation counts add up over the lines that give them, counts in words included; a headline
  repeating the body, a sentence printed twice and a line totalling the others count once;
  households and presents are not commendations; a part the article does not give is null;
- positions are spelled out with `expand_abbreviations`; names and organizers are kept as written
  ("Huyện uỷ" stays "Huyện uỷ"), and compared without diacritics.
"""

from conferences.extraction.abbreviations import expand_abbreviations
from conferences.extraction.extractor import (
    CitedDocument,
    Extraction,
    Value,
    extract_conference,
    to_json,
)
from conferences.extraction.organizers import match_organization

__all__ = [
    "CitedDocument",
    "Extraction",
    "Value",
    "expand_abbreviations",
    "extract_conference",
    "match_organization",
    "to_json",
]
