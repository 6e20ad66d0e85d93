"""The fixed parts of a party document (Hướng dẫn 36-HD/VPTW; DOMAIN.md 2.2): header, signer, recipients.

One place for the minutes, every report, and later certificates and Word exports. The Vietnamese
words are the fixed wording of the format: printed as is, never translated. The header is printed
by `templates/pdf/_party_header.html`.
"""

import datetime

from django.utils import timezone

from danvan.models import AdministrativeUnit, Era, Organization, OrganizationKind, UnitKind, UnitLevel
from danvan.text import nfc

PARTY_NAME = "ĐẢNG CỘNG SẢN VIỆT NAM"
# Left blank on the number line, for the clerk to write the number in when it is registered.
BLANK_NUMBER = "\u00a0" * 6
ARCHIVE = "Lưu VT."
TO_REPORT = "(để báo cáo)"
BOARD, MERGED_BOARD = "Ban Dân vận", "Ban Tuyên giáo và Dân vận"
# Who receives a copy below the issuer, by the level (and era) of its unit.
PROVINCE_BODIES_BELOW = {
    Era.PRE_2025: "Các huyện ủy, thị ủy, thành ủy, đảng ủy trực thuộc",
    Era.FROM_2025: "Các đảng ủy xã, phường, đặc khu, đảng ủy trực thuộc",
}
DISTRICT_BODIES_BELOW = {
    UnitKind.RURAL_DISTRICT: "Các đảng ủy xã, thị trấn",
    UnitKind.URBAN_DISTRICT: "Các đảng ủy phường",
    UnitKind.DISTRICT_TOWN: "Các đảng ủy xã, phường",
    UnitKind.PROVINCIAL_CITY: "Các đảng ủy xã, phường",
}
# Who signs for each kind of body: a committee signs collectively, a board by its head.
SIGNERS = {
    OrganizationKind.CENTRAL: ("T/M BAN CHẤP HÀNH TRUNG ƯƠNG", "TỔNG BÍ THƯ"),
    OrganizationKind.PARTY_COMMITTEE: ("T/M BAN THƯỜNG VỤ", "BÍ THƯ"),
    OrganizationKind.STANDING_COMMITTEE: ("T/M BAN THƯỜNG VỤ", "BÍ THƯ"),
    OrganizationKind.MASS_MOBILIZATION_BOARD: ("", "TRƯỞNG BAN"),
    OrganizationKind.MASS_MOBILIZATION_BLOC: ("", "TRƯỞNG KHỐI"),
    OrganizationKind.FATHERLAND_FRONT: ("T/M BAN THƯỜNG TRỰC", "CHỦ TỊCH"),
}


def party_header(organization: Organization, *, number_code: str, on: datetime.date | None) -> dict:
    """The header of a document issued by `organization` on `on`: what `_party_header.html` prints.

    `number_code` is the code on the number line ("27-BC/BDVHU", see `number_code`); empty, the
    document has no number line (a draft, a list).
    """
    return {
        "issuer_name": organization.name,
        # The body one level up, then the body itself; a body with nothing above prints one line.
        "letterhead_lines": [line for line in organization.letterhead if line],
        "number_code": number_code,
        "number": f"Số {number_code}" if number_code else "",
        "place_date": place_date(on, organization.place_name),
    }


def number_code(organization: Organization, type_code: str, number: str = "") -> str:
    """The code on the number line, "27-BC/BDVHU"; without a number yet, room to write it in by hand."""
    return f"{number or BLANK_NUMBER}-{type_code}/{organization.issuer_code}"


def place_date(value: datetime.date | None, place: str = "") -> str:
    """The place and date line, "Lâm Bình, ngày 27 tháng 11 năm 2023" (also the `place_date` template filter)."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localdate(value)
    # Party layout pads days below 10 and the months January and February: "ngày 05 tháng 02".
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    phrase = f"ngày {value.day:02d} tháng {month} năm {value.year}"
    return nfc(f"{place}, {phrase}") if place else phrase


def signer(organization: Organization) -> tuple[str, str]:
    """(authority, title) printed above the signature: ("T/M BAN THƯỜNG VỤ", "BÍ THƯ")."""
    return SIGNERS.get(organization.kind, ("", ""))


def default_recipients(organization: Organization) -> list[str]:
    """The usual "Nơi nhận" at the issuer's level: the bodies above, the bodies below, the archive.

    Province: "Ban Dân vận Trung ương (để báo cáo)", "Thường trực Tỉnh ủy … (để báo cáo)", "Các huyện ủy, …", "Lưu VT.".
    From 1 July 2025 (two levels) a commune reports to the province's Ban Tuyên giáo và Dân vận.
    """
    committee = _own_committee(organization)
    if committee.unit is None:
        return [ARCHIVE]
    recipients = [f"{_board_above(committee, organization)} {TO_REPORT}"]
    if organization != committee:
        recipients.append(f"Thường trực {committee.name} {TO_REPORT}")
    return [*recipients, _bodies_below(committee.unit), ARCHIVE]


def _own_committee(organization: Organization) -> Organization:
    """The party committee the organization belongs to (itself for a committee)."""
    while organization.kind != OrganizationKind.PARTY_COMMITTEE and organization.parent:
        organization = organization.parent
    return organization


def _board_above(committee: Organization, issuer: Organization) -> str:
    """The mass mobilization board one level up: of the Central Committee, a province or a district."""
    above = committee.parent
    if above is None or above.kind == OrganizationKind.CENTRAL:
        name, reaches_province = "Trung ương", True
    else:
        name, reaches_province = above.name, above.unit.level == UnitLevel.PROVINCE
    # Province and central boards took over propaganda in 2025; district boards ended with the districts.
    merged = committee.unit.era == Era.FROM_2025 or issuer.name.startswith(MERGED_BOARD)
    return f"{MERGED_BOARD if merged and reaches_province else BOARD} {name}"


def _bodies_below(unit: AdministrativeUnit) -> str:
    if unit.level == UnitLevel.PROVINCE:
        return PROVINCE_BODIES_BELOW[unit.era]
    if unit.level == UnitLevel.DISTRICT:
        return DISTRICT_BODIES_BELOW.get(unit.kind, "Các đảng ủy xã, phường, thị trấn")
    return "Các chi bộ"
