"""Put a cloud back into a v1-era state.

Upgrade-path jobs (and this project's tests) need the history real clouds
carry before they can prove the upgrade commands clean it up: an image
service whose endpoints are versioned (public ``/v1``, internal
``/v2/``) with a duplicate public one, and nova config files that still
say where glance is the Liberty way (``[glance] host``, ``port``,
``protocol``, which current nova silently ignores) or, for a glance
served under a path as devstack serves it (``http://host/image``), which
host/port/protocol cannot express, with a versioned ``api_servers`` url
as Newton-era deployments wrote it. Nothing here is
meant for a production cloud; every write is one the upgrade commands
(``catalog ensure``, ``nova-conf configure``) undo, and nova config files
get the usual backup.
"""

import urllib.parse

import configupdater

from nova_glance_v2 import configfile
from nova_glance_v2 import errors
from nova_glance_v2 import session as session_mod
from nova_glance_v2 import urls
from nova_glance_v2.catalog import keystone as keystone_mod

# interface -> path appended to the unversioned url, in creation order.
LEGACY_ENDPOINTS = (("public", "/v1"), ("internal", "/v2/"),
                    ("public", "/v1.0/"))
# [glance] options that say where glance is today; a v1-era file had none.
CURRENT_LOCATION_OPTIONS = ("api_servers", "endpoint_override",
                            "region_name", "valid_interfaces")


def seed_catalog(keystone, region, url):
    """Create an image service with versioned and duplicate endpoints."""
    keystone.check_region(region)
    service = keystone.create_service()
    return [
        keystone_mod.endpoint_view(keystone.create_endpoint(
            service["id"], interface, region, url.rstrip("/") + path))
        for interface, path in LEGACY_ENDPOINTS
    ]


def legacy_nova_text(path, text, url):
    """``text`` with glance located the v1-era way (see above)."""
    parsed = urllib.parse.urlsplit(url)
    updater = configupdater.ConfigUpdater(strict=False)
    updater.optionxform = str
    try:
        updater.read_string(text, source=path)
    except configupdater.parser.ParsingError as exc:
        raise errors.BadInput(f"{path}: cannot parse ({exc})") from None
    if not updater.has_section("glance"):
        updater.add_section("glance")
    glance = updater["glance"]
    for key in CURRENT_LOCATION_OPTIONS:
        if key in glance:
            del glance[key]
    if parsed.path.strip("/"):
        glance["api_servers"] = url.rstrip("/") + "/v1"
    else:
        glance["host"] = parsed.hostname
        glance["port"] = str(parsed.port or (
            443 if parsed.scheme == "https" else 80))
        glance["protocol"] = parsed.scheme
    return str(updater)


def seed(url, cloud=None, region=None, catalog=False, nova_confs=()):
    """Seed the catalog of ``cloud`` and/or the nova config files."""
    url = urls.strip_version(urls.validate_url(url, "--url"))
    data = {"endpoints": [], "nova_conf": []}
    if not catalog and not nova_confs:
        raise errors.BadInput("nothing to seed: give --catalog and/or "
                              "--nova-conf files")
    if catalog:
        sess, region = session_mod.connect(cloud, region)
        keystone = keystone_mod.Keystone(sess, region_name=region)
        data["endpoints"] = seed_catalog(keystone, region, url)
    changes = [
        configfile.Change(path, legacy_nova_text(
            path, configfile.read_text(path), url))
        for path in nova_confs
    ]
    for change in configfile.apply_changes(changes):
        data["nova_conf"].append({"file": change.path,
                                  "backup": change.backup})
    return data
