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

from nova_glance_v2 import configfile
from nova_glance_v2 import errors
from nova_glance_v2 import inisyntax
from nova_glance_v2 import session as session_mod
from nova_glance_v2 import textdiff
from nova_glance_v2 import urls
from nova_glance_v2.catalog import keystone as keystone_mod
from nova_glance_v2.catalog.plan import endpoint_region

# interface -> path appended to the unversioned url, in creation order.
LEGACY_ENDPOINTS = (("public", "/v1"), ("internal", "/v2/"),
                    ("public", "/v1.0/"))
# [glance] options that say where glance is today; a v1-era file had none.
CURRENT_LOCATION_OPTIONS = ("api_servers", "endpoint_override",
                            "region_name", "valid_interfaces")


def seed_catalog(keystone, region, url):
    """Create an image service with versioned and duplicate endpoints."""
    service = keystone.create_service()
    return [
        keystone_mod.endpoint_view(keystone.create_endpoint(
            service["id"], interface, region, url.rstrip("/") + path))
        for interface, path in LEGACY_ENDPOINTS
    ]


def legacy_nova_text(path, text, url):
    """``text`` with glance located the v1-era way (see above)."""
    parsed = urllib.parse.urlsplit(url)
    updater = inisyntax.updater(path, text)
    glance = _glance_section(path, updater)
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
    return inisyntax.text(updater)


def _glance_section(path, updater):
    """The file's one glance section (oslo.config reads [GLANCE] as
    [glance]), made if missing; several are refused: which one would a
    v1-era file have used?"""
    found = [section for section in updater.iter_sections()
             if section.name.strip().lower() == "glance"]
    if len(found) > 1:
        raise errors.BadInput(
            f"{path}: {len(found)} glance sections "
            f"({', '.join(repr(s.name) for s in found)}); merge them first")
    if found:
        return found[0]
    updater.add_section("glance")
    return updater["glance"]


def seed(url, cloud=None, region=None, catalog=False, nova_confs=(),
         dry_run=False):
    """Seed the catalog of ``cloud`` and/or the nova config files.

    Returns the JSON contract's object: ``changed``, ``actions`` (the
    endpoints created, the files written) and the files' masked ``diff``.
    A state seeded already is left as it is: a seeded file is not written
    again, so its newest backup stays the text from before the seeding.
    Every input is checked before Keystone is contacted.
    """
    url = urls.strip_version(urls.validate_url(url, "--url"))
    if not catalog and not nova_confs:
        raise errors.BadInput("nothing to seed: give --catalog and/or "
                              "--nova-conf files")
    actions, diffs = [], []
    endpoints = []
    # The files first (read, checked, planned) under their lock, held
    # until they are written; only then is Keystone contacted.
    with configfile.locked([] if dry_run else nova_confs):
        changes = []
        for path in nova_confs:
            old = configfile.read_text(path)
            new = legacy_nova_text(path, old, url)
            if new != old:
                changes.append(configfile.Change(path, new))
                diffs.append(textdiff.unified_diff(path, old, new))
        if catalog:
            connection = session_mod.connect(cloud, region)
            keystone = keystone_mod.Keystone(connection.session,
                                             region_name=connection.region)
            with session_mod.service_errors("keystone"):
                endpoints = _seed_catalog(keystone, connection.region, url,
                                          dry_run)
            actions += [{"op": "create", "resource": "endpoint",
                         "interface": e["interface"], "url": e["url"]}
                        for e in endpoints]
        if not dry_run:
            configfile.apply_changes(changes)
    actions += [{"op": "write", "file": c.path, "backup": c.backup}
                for c in changes]
    return {"changed": bool(actions), "dry_run": dry_run,
            "actions": actions, "diff": "".join(diffs),
            "endpoints": endpoints}


def _seed_catalog(keystone, region, url, dry_run):
    """The endpoints :func:`seed_catalog` creates, unless they exist."""
    keystone.check_region(region)
    _, found = keystone_mod.list_state(keystone)
    have = {(e["interface"], e["url"]) for e in found
            if endpoint_region(e) == region}
    wanted = [(i, url.rstrip("/") + p) for i, p in LEGACY_ENDPOINTS]
    if all(pair in have for pair in wanted):
        return []
    if dry_run:
        return [{"interface": i, "url": u, "region": region}
                for i, u in wanted]
    return seed_catalog(keystone, region, url)
