"""Short articles written for the tests, in styles the seed articles do not use.

They are not copies of real articles: names, places and figures are made up; the phrasing
follows what provincial party and news sites commonly print.

- district_board.txt: a district board, "Sáng ngày dd/mm/yyyy", "đồng chí A, chức vụ; đồng chí B, …",
  abbreviated titles, a "Tin, ảnh:" byline;
- ward_no_year.txt: a ward, no year written (5 years after a directive of 2019), positions printed
  before the names;
- front_dialogue.txt: a Front committee, passive "do … phối hợp tổ chức", ông/bà with positions in
  brackets, the year only on the publication line, website furniture after the byline;
- football.txt: not a conference at all.
"""

from pathlib import Path

_HERE = Path(__file__).parent


def _read(name: str) -> str:
    return (_HERE / f"{name}.txt").read_text(encoding="utf-8")


DISTRICT_BOARD = _read("district_board")
WARD_NO_YEAR = _read("ward_no_year")
FRONT_DIALOGUE = _read("front_dialogue")
FOOTBALL = _read("football")
