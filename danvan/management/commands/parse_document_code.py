"""Print a document number (số ký hiệu) as JSON, the way the portal reads it."""

import json

from django.core.management.base import BaseCommand, CommandError

from danvan.documents import DocumentNumber, DocumentNumberError, parse_document_number


def describe(dn: DocumentNumber) -> dict[str, object]:
    return {
        "code": dn.code,
        "system": dn.system,
        "number": dn.number,
        "year": dn.year,
        "type_code": dn.type_code,
        "type": dn.type_slug,
        "type_name": dn.type_name,
        "issuer_code": dn.issuer_code,
        "issuer_name": dn.issuer_name,
    }


class Command(BaseCommand):
    help = 'Parse a document number such as "09-NQ/TU" or "16/CT-TTg" and print it as JSON.'
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("text", help="the document number as typed or printed")

    def handle(self, *args, text: str, **options) -> None:
        try:
            dn = parse_document_number(text)
        except DocumentNumberError as error:
            raise CommandError(str(error), returncode=2) from None
        self.stdout.write(json.dumps(describe(dn), ensure_ascii=False, sort_keys=True))
