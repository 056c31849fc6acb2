"""The command line's interfaces and urls for the image catalog."""

from nova_glance_v2 import errors
from nova_glance_v2 import urls
from nova_glance_v2.catalog import INTERFACES


def parse_interfaces(text):
    """Return the interfaces of a comma separated list, in catalog order."""
    names = [name.strip() for name in (text or "").split(",")
             if name.strip()]
    unknown = [name for name in names if name not in INTERFACES]
    if unknown or not names:
        raise errors.BadInput(
            f"{text!r} is not a comma separated list of "
            f"{', '.join(INTERFACES)}"
        )
    return tuple(name for name in INTERFACES if name in names)


def wanted_urls(interfaces, url=None, overrides=None):
    """Return ``{interface: unversioned url}`` for the requested interfaces.

    ``overrides`` maps an interface to its own url (``--public-url``...);
    ``url`` serves the others. Versioned urls are accepted and stripped:
    the catalog must hold the unversioned one (nova strips it anyway).
    """
    overrides = {k: v for k, v in (overrides or {}).items() if v}
    stray = sorted(set(overrides) - set(interfaces))
    if stray:
        raise errors.BadInput(
            f"--{stray[0]}-url given but {stray[0]!r} is not in --interfaces "
            f"{','.join(interfaces)}"
        )
    wanted = {}
    for interface in interfaces:
        value = overrides.get(interface, url)
        option = f"--{interface}-url" if interface in overrides else "--url"
        if value is None:
            raise errors.BadInput(
                f"no url for the {interface} interface: give --url or "
                f"--{interface}-url"
            )
        urls.validate_url(value, source=option)
        wanted[interface] = urls.strip_version(value)
    return wanted


def ordered(interfaces):
    """``interfaces`` in the catalog's order (public, internal, admin)."""
    return [name for name in INTERFACES if name in interfaces]
