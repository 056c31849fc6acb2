"""Glance endpoint urls: validate, build from host/port, strip versions.

Shared by the nova.conf migration and the Keystone catalog code, so every
part of the tool agrees on what a usable, *unversioned* glance url is:

* ``http`` or ``https`` with a host, no credentials, query or fragment;
* no trailing ``/vN`` or ``/vN.M`` (nova strips it with the same pattern,
  see ``nova.image.glance.get_api_servers``), while a path prefix such as
  ``/image`` (how devstack serves glance) stays;
* no trailing slash, so equal endpoints compare equal as strings.
"""

import ipaddress
import re
import urllib.parse

from nova_glance_v2 import errors
from nova_glance_v2 import masking

SCHEMES = ("http", "https")

# nova's own pattern (nova/image/glance.py); a path like /image/v2/ loses
# only the version part.
_VERSION_SUFFIX = re.compile(r"/v\d+(\.\d+)?/?$")
# One label of a DNS name or IPv4 address (RFC 1123: letters, digits and
# inner hyphens; IPv6 is checked with ipaddress).
_HOST_LABEL = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")


def strip_version(url):
    """Return ``url`` without a trailing ``/vN[.M]`` and trailing slash.

    >>> strip_version("https://cloud.example.org/image/v2.1/")
    'https://cloud.example.org/image'
    """
    return _VERSION_SUFFIX.sub("", url.strip()).rstrip("/")


def as_nova_reads(url):
    """Return ``url`` as nova reads it: ``http://`` when it has no scheme
    (api_servers = ``host:port``, which nova has always accepted)."""
    url = url.strip()
    return url if "//" in url else f"http://{url}"


def validate_url(url, source=None):
    """Return ``url`` if it is a usable glance url, else raise BadInput.

    ``source`` (e.g. ``"/etc/nova/nova.conf [glance] api_servers"``)
    prefixes the message so the user knows where the value came from.
    """
    where = f"{source}: " if source else ""
    shown = redact_url(url)
    if not url or any(ch.isspace() for ch in url):
        raise errors.BadInput(f"{where}{shown!r} is not a url")
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme not in SCHEMES:
        raise errors.BadInput(
            f"{where}{shown!r} is not an http(s) url"
        )
    try:
        host, port = parsed.hostname, parsed.port
    except ValueError:  # a port that is not a number in range
        raise errors.BadInput(f"{where}{shown!r} has a bad port") from None
    if port == 0:
        raise errors.BadInput(f"{where}{shown!r} has a bad port")
    if not host:
        raise errors.BadInput(f"{where}{shown!r} has no host")
    if parsed.username is not None or parsed.password is not None:
        # glance authenticates with Keystone tokens; credentials in the url
        # would only end up in logs.
        raise errors.BadInput(
            f"{where}{shown!r} carries credentials; glance urls must not"
        )
    if parsed.query or parsed.fragment:
        raise errors.BadInput(
            f"{where}{shown!r} has a query or fragment; glance urls must not"
        )
    if ":" in host and not parsed.netloc.startswith("["):
        raise errors.BadInput(
            f"{where}{shown!r}: an IPv6 host must be in brackets"
        )
    if not is_ipv6(host) and not is_host_name(host):
        raise errors.BadInput(f"{where}{shown!r}: {host!r} is not a host name")
    return url


def is_host_name(host):
    """True for a DNS name or IPv4 address (not IPv6)."""
    labels = host[:-1].split(".") if host.endswith(".") else host.split(".")
    return len(host) <= 253 and all(_HOST_LABEL.match(x) for x in labels)


def host_port_url(protocol, host, port):
    """Return ``protocol://host:port`` as nova Mitaka built it.

    An IPv6 address is put in brackets (``http://[fd00::1]:9292``).
    Raises BadInput for an unknown protocol, an empty host or a bad port.
    """
    protocol = (protocol or "").strip().lower()
    if protocol not in SCHEMES:
        raise errors.BadInput(f"protocol {protocol!r} is not http or https")
    host = (host or "").strip()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if not host:
        raise errors.BadInput("glance host is empty")
    if is_ipv6(host):
        host = f"[{host}]"
    elif not is_host_name(host):
        raise errors.BadInput(f"glance host {host!r} is not a host name")
    try:
        port_number = int(str(port).strip())
    except ValueError:
        raise errors.BadInput(
            f"glance port {port!r} is not a number"
        ) from None
    if not 0 < port_number < 65536:
        raise errors.BadInput(f"glance port {port_number} is out of range")
    return f"{protocol}://{host}:{port_number}"


def is_ipv6(host):
    """Return True if ``host`` (without brackets) is an IPv6 address."""
    try:
        return ipaddress.ip_address(host).version == 6
    except ValueError:
        return False


def redact_url(url):
    """Return ``url`` with any password replaced by ``***``, for messages."""
    return masking.mask_value(url or "")
