# The English interface keeps the day-first dates of the documents it shows.
from danvan.formats.vi.formats import (  # noqa: F401
    DATE_INPUT_FORMATS,
    DATETIME_INPUT_FORMATS,
    SHORT_DATE_FORMAT,
    SHORT_DATETIME_FORMAT,
)

DATE_FORMAT = "j F Y"
