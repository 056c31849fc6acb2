"""The command line's urls for the image catalog, checked."""

from nova_glance_v2 import errors
from nova_glance_v2 import urls


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
