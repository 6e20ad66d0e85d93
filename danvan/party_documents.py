"""The fixed parts of a party document (Hướng dẫn 36-HD/VPTW; DOMAIN.md 2.2): header, signer, recipients.

One place for the minutes, every report, and later certificates and Word exports. The Vietnamese
words are the fixed wording of the format: printed as is, never translated. The header is printed
by `templates/pdf/_party_header.html`.
"""

import datetime

from django.utils import timezone

from danvan.models import Organization, OrganizationKind
from danvan.text import nfc

PARTY_NAME = "ĐẢNG CỘNG SẢN VIỆT NAM"
# Left blank on the number line, for the clerk to write the number in when it is registered.
BLANK_NUMBER = "\u00a0" * 6
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
    """The usual "Nơi nhận": the bodies above, then the archive."""
    recipients = []
    parent = organization.parent
    if parent and parent.kind != OrganizationKind.CENTRAL:
        recipients.append(f"Thường trực {parent.name} (b/c)")
        above = parent.parent
        if organization.kind == OrganizationKind.MASS_MOBILIZATION_BOARD and above:
            # The same board one level up: "Ban Dân vận Tỉnh ủy …", or "… Trung ương" for a province.
            above_name = "Trung ương" if above.kind == OrganizationKind.CENTRAL else above.name
            recipients.append(f"{organization.short_body_name} {above_name} (b/c)")
    return [*recipients, "Lưu VT."]
