"""The portal's logging: one line per record, plain text in development, JSON in production.

Django installs its own console handler on the "django" logger (DEBUG only) and a
plain one on "django.server" before it applies LOGGING; left in place, a record
printed there and again by the root's handler shows twice. Here both loggers hand
their records to the root, whose one handler writes each record once.
"""

import json
import logging


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


PLAIN_FORMAT = "{asctime} {levelname} {name}: {message}"


def logging_settings(*, debug: bool, level: str = "WARNING") -> dict:
    """LOGGING for settings.py: readable lines while developing, one JSON object a line for a log collector."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "plain": {"format": PLAIN_FORMAT, "style": "{"},
            "json": {"()": "danvan.logs.JsonFormatter"},
        },
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain" if debug else "json"}},
        "root": {"handlers": ["console"], "level": level},
        # No handler of their own (this replaces Django's): their records go up to the root's.
        "loggers": {
            "django": {"handlers": [], "level": "INFO"},
            "django.server": {"handlers": [], "level": "INFO", "propagate": True},
        },
    }
