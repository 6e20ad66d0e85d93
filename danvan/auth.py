"""Who is trying to log in, as django-axes records it: the username as typed, and the client's address."""

import ipaddress

from django.conf import settings

from danvan.text import nfc

MAX_USERNAME = 150  # the User model's limit; axes stores at most 255 characters


def axes_username(request, credentials) -> str:
    """Typed usernames can hold anything (NUL bytes, 5,000 characters): keep printable text only."""
    raw = (credentials or {}).get("username") or request.POST.get("username", "")
    printable = "".join(char for char in nfc(str(raw)) if char.isprintable())
    return printable[:MAX_USERNAME]


def client_ip_address(request) -> str:
    """The address the request came from, as seen by the outermost of our trusted proxies.

    Each of the TRUSTED_PROXY_COUNT proxies appends the address it was reached from to
    X-Forwarded-For, so the client is that many entries from the right; whatever stands further
    left was written by the client itself and could name anyone.
    """
    remote_address = request.META.get("REMOTE_ADDR", "")
    proxy_count = settings.TRUSTED_PROXY_COUNT
    if proxy_count <= 0:
        return remote_address
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < proxy_count or not is_ip_address(forwarded[-proxy_count]):
        return remote_address  # not through our proxies: the connection itself is the client
    return forwarded[-proxy_count]


def is_ip_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
