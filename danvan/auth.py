"""What django-axes records of a failed log-in: the username as typed, made safe to store."""

from danvan.text import nfc

MAX_USERNAME = 150  # the User model's limit; axes stores at most 255 characters


def axes_username(request, credentials) -> str:
    """Typed usernames can hold anything (NUL bytes, 5,000 characters): keep printable text only."""
    raw = (credentials or {}).get("username") or request.POST.get("username", "")
    printable = "".join(char for char in nfc(str(raw)) if char.isprintable())
    return printable[:MAX_USERNAME]
