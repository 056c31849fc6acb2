"""Prove through keystoneauth's version discovery that the catalog leads
to a Glance with a CURRENT v2 API and no v1."""

from keystoneauth1 import discover as ks_discover
from keystoneauth1 import exceptions as ks_exc

from nova_glance_v2 import errors
from nova_glance_v2.catalog import SERVICE_TYPE
from nova_glance_v2.catalog.keystone import message
from nova_glance_v2.catalog.plan import endpoint_region


def catalog_matches(session, region, interfaces, endpoints):
    """True if the token's catalog shows ``endpoints`` for ``interfaces``.

    keystoneauth keeps the catalog of the token it got at the start; after
    our writes (or a concurrent run's) it is stale and discovery would
    look at the old urls.
    """
    def pairs(items):
        return sorted((e["interface"], e["url"]) for e in items
                      if e["interface"] in interfaces)

    access = session.auth.get_access(session)
    found = access.service_catalog.get_endpoints(
        service_type=SERVICE_TYPE, region_name=region)
    listed = [e for e in endpoints if endpoint_region(e) == region
              and e.get("enabled", True)]
    return pairs(found.get(SERVICE_TYPE, [])) == pairs(listed)


def catalog_shows(catalog, services, endpoints):
    """True if a token's ``catalog`` (v3, a list of services with their
    endpoints) holds exactly the enabled image endpoints of ``services``
    among ``endpoints``, ids included.

    A token's catalog leaves out disabled services and endpoints; it
    shows every enabled one (unless endpoint filtering hides some, which
    is a difference: the caller lists again).
    """
    enabled = {s["id"] for s in services if s.get("enabled", True)}
    wanted = sorted(
        (e["service_id"], e["id"], e["interface"], endpoint_region(e),
         e["url"]) for e in endpoints
        if e["service_id"] in enabled and e.get("enabled", True))
    shown = sorted(
        (entry.get("id"), e.get("id"), e.get("interface"),
         endpoint_region(e), e.get("url"))
        for entry in catalog if entry.get("type") == SERVICE_TYPE
        for e in entry.get("endpoints", ()))
    return shown == wanted


def discover(session, region, interfaces, auth=None, glance_checked=None):
    """Resolve each interface through keystoneauth's version discovery.

    Returns one report per interface; ``ok`` is True only for a Glance
    (it serves ``/schemas/image``) with a CURRENT v2 version and no v1.
    ``auth`` replaces the session's plugin for the catalog look-up;
    ``glance_checked`` maps API urls already probed to their verdict.
    """
    glance_checked = {} if glance_checked is None else glance_checked
    return [_discover_one(session, region, interface, auth, glance_checked)
            for interface in interfaces]


def _discover_one(session, region, interface, auth, glance_checked):
    report = {"interface": interface, "region": region, "url": None,
              "api_url": None, "api_version": None, "status": None,
              "versions": [], "ok": False, "problem": None}
    where = {"service_type": SERVICE_TYPE, "interface": interface,
             "region_name": region, "auth": auth}
    try:
        listed = session.get_endpoint_data(skip_discovery=True, **where)
    except ks_exc.EndpointNotFound:
        listed = None
    if listed is None:
        report["problem"] = "no image endpoint in the catalog"
        return report
    report["url"] = listed.catalog_url
    try:
        data = session.get_endpoint_data(
            min_version="2.0", max_version="2.latest", **where)
        versions = ks_discover.get_discovery(
            session, listed.catalog_url).version_data()
    except ks_exc.ConnectionError as exc:
        # Down, refused or a certificate not trusted: not a catalog
        # verdict, the service is unavailable (exit 3).
        raise errors.Unavailable(
            f"glance: cannot reach {listed.catalog_url} ({message(exc)})"
        ) from None
    except (ks_exc.DiscoveryFailure, ks_exc.HttpError) as exc:
        report["problem"] = f"version discovery failed: {message(exc)}"
        return report
    report["versions"] = _summary(versions)
    v1 = [v for v in versions if v["version"][0] == 1]
    current = [v for v in versions
               if v["version"][0] == 2 and v["status"] == "CURRENT"]
    if data is None or not data.api_version or data.api_version[0] != 2:
        report["problem"] = "no v2 API among the versions found"
    elif v1:
        report["problem"] = "the Image API v1 is still advertised"
    elif not current:
        report["problem"] = "no CURRENT v2 version"
    else:
        report["api_url"] = data.url
        report["api_version"] = _version(data.api_version)
        report["status"] = current[-1]["status"]
        if data.url not in glance_checked:
            glance_checked[data.url] = _not_glance(session, data.url)
        report["problem"] = glance_checked[data.url]
    report["ok"] = report["problem"] is None
    return report


def probe(session, url, glance_checked):
    """Fetch ``url``'s version document and ask its v2 API for Glance's
    image schema, filling keystoneauth's discovery cache and
    ``glance_checked``. Meant to overlap with the Keystone writes; the
    real verdict is :func:`discover`'s, which finds both answers cached.
    """
    try:
        found = ks_discover.get_discovery(session, url).versioned_data_for(
            min_version="2.0", max_version="2.latest")
    except (ks_exc.DiscoveryFailure, ks_exc.ConnectionError,
            ks_exc.HttpError):
        return
    if found and found.get("url"):
        glance_checked[found["url"]] = _not_glance(session, found["url"])


def _not_glance(session, api_url):
    """None if ``api_url`` serves Glance's image schema, else why not.

    Version documents alone do not tell Glance from nova (whose root also
    offers a CURRENT v2.x), so ask for something only Glance has.
    """
    url = api_url.rstrip("/") + "/schemas/image"
    try:
        response = session.get(url, raise_exc=False)
    except ks_exc.ConnectionError as exc:
        return f"GET {url} failed: {message(exc)}"
    try:
        name = response.json().get("name")
    except ValueError:
        name = None
    if response.status_code != 200 or name != "image":
        return f"not Glance: GET {url} answered {response.status_code}"
    return None


def _summary(versions):
    """``v2.0..v2.17 SUPPORTED``, ``v2.18 CURRENT``: runs of one status."""
    runs = []
    for item in versions:
        name = f"v{_version(item['version'])}"
        if runs and runs[-1][2] == item["status"]:
            runs[-1][1] = name
        else:
            runs.append([name, name, item["status"]])
    return [f"{first}..{last} {status}" if first != last
            else f"{first} {status}" for first, last, status in runs]


def _version(version):
    return ".".join(str(part) for part in version)
