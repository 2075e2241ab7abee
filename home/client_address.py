"""The visitor's IP address, for the admin login lockout (login_guard) and the public forms' rate limit
(events): both count per address, so both must read it the same way.

`X-Forwarded-For` is anyone's to write. It is read only when the request itself comes from a proxy
listed in settings.TRUSTED_PROXIES (addresses or networks, e.g. "127.0.0.1" or "10.0.0.0/8"); without
one, the address is the connection's own (`REMOTE_ADDR`)."""

import ipaddress
from functools import lru_cache

from django.conf import settings

UNKNOWN = "unknown"


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _address(text: str):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _is_trusted(address, networks) -> bool:
    return address is not None and any(address in network for network in networks)


def client_address(request) -> str:
    """The address of the client as the outermost trusted proxy saw it.

    Every proxy appends the address it was connected from, so the entries are read from the right:
    trusted proxies are skipped, and the first other address is the client. Anything left of it was
    written by the client and is ignored."""
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    if not _is_trusted(remote, networks):
        return str(remote) if remote else UNKNOWN
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for entry in reversed(forwarded):
        address = _address(entry)
        if address is None:
            # A trusted proxy writes addresses only: anything else means no reliable client address,
            # so the request counts against the proxy rather than a name the client chose.
            return str(remote)
        if not _is_trusted(address, networks):
            return str(address)
    return str(remote)
