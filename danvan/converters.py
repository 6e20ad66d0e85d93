"""Path converters that match only what an era or a unit code can be.

A segment that cannot name anything ("%00", a 300-character string) matches no URL and
answers 404 before it reaches a view, let alone the database: PostgreSQL refuses a NUL
byte in text with an error. (Ids use Django's `int`, whose 20-digit values find no row.)
"""

from danvan.models import Era


class EraConverter:
    regex = "|".join(Era.values)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class UnitCodeConverter:
    """An official code of an administrative unit: a few letters or digits ("42", "439", "02266")."""

    regex = "[0-9A-Za-z]{1,10}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
