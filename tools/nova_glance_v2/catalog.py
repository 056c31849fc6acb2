"""Converge the image service in the Keystone catalog to Glance v2.

Three layers, each usable alone:

* :func:`plan` is pure: from the image services and their endpoints it
  computes which endpoints to update, create and delete (and which image
  services to delete). The unit tests drive it with plain dicts.
* :class:`Keystone` is a thin client of the identity API v3 on a
  keystoneauth session. It talks REST directly rather than through
  openstacksdk's identity proxy: the catalog work needs six calls, one
  session, one token and one identity discovery; the proxy would add
  resource objects, its own discovery and paging around each of them and
  gives nothing back here. Every request goes through the one session, so
  tests can count them with a requests hook.
* :func:`converge` applies plans until a fresh listing plans nothing, and
  :func:`discover` proves through keystoneauth's version discovery that
  the catalog leads to a Glance with a CURRENT v2 API and no v1.

Keystone has no uniqueness constraint on services or endpoints, so several
runs at once may each create one. Every choice between duplicates is made
on ids alone (the lowest id wins) so that concurrent runs agree on the
survivor whatever listing each of them saw, and every run re-lists after
writing and only stops when the listing it sees needs nothing: the last
writer therefore always checks the final state.
"""

import concurrent.futures
import logging

from keystoneauth1 import access as ks_access
from keystoneauth1 import adapter
from keystoneauth1 import discover as ks_discover
from keystoneauth1 import exceptions as ks_exc
from keystoneauth1.identity import access as ks_identity_access

from nova_glance_v2 import errors
from nova_glance_v2 import session as session_mod
from nova_glance_v2 import urls

LOG = logging.getLogger(__name__)

SERVICE_TYPE = "image"
SERVICE_NAME = "glance"
SERVICE_DESCRIPTION = "Glance Image Service"
INTERFACES = ("public", "internal", "admin")
# nova's [glance] valid_interfaces default.
DEFAULT_INTERFACES = ("public", "internal")
MAX_ROUNDS = 10


# --- input ------------------------------------------------------------------

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


# --- planning (pure) --------------------------------------------------------

def choose_service(services):
    """The image service to keep: named ``glance`` first, then lowest id.

    Ids only (never listing order or creation time) so that concurrent
    runs elect the same one.
    """
    if not services:
        return None
    named = [s for s in services if s.get("name") == SERVICE_NAME]
    return min(named or services, key=lambda s: s["id"])


def _action(op, resource, **fields):
    action = {"op": op, "resource": resource, "interface": None,
              "region": None, "endpoint_id": None, "service_id": None,
              "old_url": None, "new_url": None}
    action.update(fields)
    return action


def plan(services, endpoints, region, wanted, prune=False,
         own_services=()):
    """Return the actions that bring the catalog to the wanted state.

    ``services`` are the image services and ``endpoints`` any endpoints
    (those of other services are ignored), as Keystone lists them.
    ``wanted`` maps each requested interface to its unversioned url.
    ``own_services`` are ids of services this run created: when one of them
    loses the election it is removed even without ``prune``.

    Per requested interface in ``region`` the endpoint with the lowest id
    on the chosen service is kept (its url rewritten in place when it
    differs, re-enabled when disabled) and every other one of any image
    service is deleted; a missing one is created. Other regions are never
    touched; other interfaces of ``region`` only with ``prune``.
    Order: service create, updates, creates, then deletes, so the catalog
    never lacks an endpoint that it had.
    """
    chosen = choose_service(services)
    if chosen is None:
        actions = [_action("create", "service", new_name=SERVICE_NAME)]
        actions += [
            _action("create", "endpoint", interface=interface,
                    region=region, new_url=wanted[interface])
            for interface in _ordered(wanted)
        ]
        return actions
    ids = {s["id"] for s in services}
    ours = sorted((e for e in endpoints if e["service_id"] in ids),
                  key=lambda e: e["id"])
    updates, creates, deletes = [], [], []
    for interface in _ordered(wanted):
        here = [e for e in ours if endpoint_region(e) == region
                and e["interface"] == interface]
        keep = next((e for e in here if e["service_id"] == chosen["id"]),
                    None)
        url = wanted[interface]
        if keep is None:
            creates.append(_action(
                "create", "endpoint", interface=interface, region=region,
                service_id=chosen["id"], new_url=url))
        elif keep["url"] != url or not keep.get("enabled", True):
            updates.append(_action(
                "update", "endpoint", interface=interface, region=region,
                service_id=chosen["id"], endpoint_id=keep["id"],
                old_url=keep["url"], new_url=url))
        deletes += [e for e in here if e is not keep]
    if prune:
        deletes += [e for e in ours if endpoint_region(e) == region
                    and e["interface"] not in wanted]
    actions = updates + creates + [
        _action("delete", "endpoint", interface=e["interface"],
                region=endpoint_region(e), service_id=e["service_id"],
                endpoint_id=e["id"], old_url=e["url"])
        for e in deletes
    ]
    gone = {e["id"] for e in deletes}
    for service in sorted(services, key=lambda s: s["id"]):
        if service is chosen or not (prune or service["id"] in own_services):
            continue
        # Never cascade: a service keeping endpoints elsewhere stays.
        if not any(e["service_id"] == service["id"] and e["id"] not in gone
                   for e in ours):
            actions.append(_action("delete", "service",
                                   service_id=service["id"],
                                   old_name=service.get("name")))
    return actions


def _ordered(interfaces):
    return [name for name in INTERFACES if name in interfaces]


def endpoint_region(endpoint):
    """The region of an endpoint, whichever field Keystone filled."""
    return endpoint.get("region_id") or endpoint.get("region")


# --- Keystone ---------------------------------------------------------------

class Keystone:
    """The few identity API v3 calls the catalog needs, on one session.

    ``interface`` and ``region_name`` locate Keystone itself in the
    catalog (clouds.yaml's), not the image endpoints being converged.
    """

    def __init__(self, session, interface="public", region_name=None):
        self.session = session
        self.api = adapter.Adapter(
            session, service_type="identity", interface=interface,
            region_name=region_name, min_version="3.0",
            max_version="3.latest",
        )

    def _call(self, method, path, ok_missing=False, **kwargs):
        with session_mod.service_errors("keystone"):
            try:
                response = self.api.request(path, method, **kwargs)
            except ks_exc.NotFound:
                if ok_missing:
                    return None
                raise
            except ks_exc.BadRequest as exc:
                raise errors.BadInput(
                    f"keystone refused {method} {path}: {_message(exc)}"
                ) from None
            except ks_exc.HttpError as exc:
                if isinstance(exc, (ks_exc.Unauthorized, ks_exc.Forbidden,
                                    ks_exc.NotFound)):
                    raise
                raise errors.Unavailable(
                    f"keystone: {method} {path} failed: {_message(exc)}"
                ) from None
        return response.json() if response.content else {}

    def check_region(self, region):
        """Raise BadInput unless ``region`` exists in Keystone."""
        if self._call("GET", f"/regions/{region}", ok_missing=True) is None:
            known = [r["id"] for r in self._call("GET", "/regions")
                     ["regions"]]
            raise errors.BadInput(
                f"region {region!r} does not exist in Keystone (known: "
                f"{', '.join(sorted(known)) or 'none'})"
            )

    def image_services(self):
        return self._call("GET", "/services",
                          params={"type": SERVICE_TYPE})["services"]

    def endpoints(self):
        """Every endpoint of every service and region, one request."""
        return self._call("GET", "/endpoints")["endpoints"]

    def catalog(self):
        """The catalog a token issued now would carry."""
        return self._call("GET", "/auth/catalog")["catalog"]

    def create_service(self):
        body = {"service": {"type": SERVICE_TYPE, "name": SERVICE_NAME,
                            "description": SERVICE_DESCRIPTION,
                            "enabled": True}}
        return self._call("POST", "/services", json=body)["service"]

    def delete_service(self, service_id):
        """Delete; False when it was gone already (a concurrent run)."""
        return self._call("DELETE", f"/services/{service_id}",
                          ok_missing=True) is not None

    def create_endpoint(self, service_id, interface, region, url):
        body = {"endpoint": {"service_id": service_id,
                             "interface": interface, "region_id": region,
                             "url": url, "enabled": True}}
        return self._call("POST", "/endpoints", json=body)["endpoint"]

    def update_endpoint(self, endpoint_id, url):
        body = {"endpoint": {"url": url, "enabled": True}}
        return self._call("PATCH", f"/endpoints/{endpoint_id}", json=body,
                          ok_missing=True) is not None

    def delete_endpoint(self, endpoint_id):
        return self._call("DELETE", f"/endpoints/{endpoint_id}",
                          ok_missing=True) is not None


def _message(exc):
    text = getattr(exc, "message", None) or str(exc)
    return text.strip().splitlines()[0] if text.strip() else type(
        exc).__name__


def endpoint_view(endpoint):
    """What the output shows of an endpoint."""
    return {"id": endpoint["id"], "service_id": endpoint["service_id"],
            "interface": endpoint["interface"],
            "region": endpoint_region(endpoint), "url": endpoint["url"],
            "enabled": endpoint.get("enabled", True)}


def parallel(calls):
    """Run ``calls`` (callables) at once; return their results in order.

    Each Keystone request costs a token validation on the server; the
    independent ones overlap rather than queue. The first error raised
    is raised here, after every call has finished.
    """
    if len(calls) < 2:
        return [call() for call in calls]
    with concurrent.futures.ThreadPoolExecutor(len(calls)) as pool:
        futures = [pool.submit(call) for call in calls]
        concurrent.futures.wait(futures)
        return [future.result() for future in futures]


def list_state(keystone, region=None):
    """Return the image services and their endpoints, in one round trip.

    With ``region``, also check that it exists (BadInput if not).
    """
    calls = [keystone.image_services, keystone.endpoints]
    if region is not None:
        calls.append(lambda: keystone.check_region(region))
    services, endpoints = parallel(calls)[:2]
    ids = {s["id"] for s in services}
    return services, [e for e in endpoints if e["service_id"] in ids]


# --- converging -------------------------------------------------------------

def converge(keystone, region, wanted, prune=False, dry_run=False,
             max_rounds=MAX_ROUNDS):
    """Plan and apply until a fresh listing needs nothing.

    Returns ``(actions, services, endpoints)``: the actions done (or, with
    ``dry_run``, those that would be done) and the last listing.
    Deleting or updating what a concurrent run deleted already is not a
    failure (Keystone answers 404) and is not reported as done.
    """
    own = set()
    done = []
    for round_number in range(max_rounds):
        services, endpoints = list_state(
            keystone, region if round_number == 0 else None)
        actions = plan(services, endpoints, region, wanted, prune=prune,
                       own_services=own)
        if dry_run or not actions:
            return (actions if dry_run else done), services, endpoints
        if actions[0]["resource"] == "service" and actions[0]["op"] == (
                "create"):
            created = keystone.create_service()
            own.add(created["id"])
            done.append({**actions[0], "service_id": created["id"]})
            # There was none when we listed; if a concurrent run created
            # one too, the next listing elects one and cleans up.
            services = [created]
            actions = plan(services, endpoints, region, wanted, prune=prune,
                           own_services=own)
        for phase in _phases(actions):
            applied = parallel([_applier(keystone, a) for a in phase])
            done += [a for a, ok in zip(phase, applied, strict=True) if ok]
        LOG.debug("round %d done: %d actions so far", round_number,
                  len(done))
    raise errors.CheckFailed(
        f"the image catalog did not settle after {max_rounds} rounds "
        "(other writers at work?); run again"
    )


def _phases(actions):
    """Writes that may run at once: updates and creates first, then
    endpoint deletes, then service deletes, so the catalog never lacks an
    endpoint it had and a service goes only once its endpoints went."""
    def pick(resource, ops):
        return [a for a in actions
                if a["resource"] == resource and a["op"] in ops]
    phases = (pick("endpoint", ("update", "create")),
              pick("endpoint", ("delete",)), pick("service", ("delete",)))
    return [phase for phase in phases if phase]


def _applier(keystone, action):
    return lambda: _apply(keystone, action)


def _apply(keystone, action):
    op, resource = action["op"], action["resource"]
    if resource == "service":
        return keystone.delete_service(action["service_id"])
    if op == "update":
        return keystone.update_endpoint(action["endpoint_id"],
                                        action["new_url"])
    if op == "delete":
        return keystone.delete_endpoint(action["endpoint_id"])
    try:
        created = keystone.create_endpoint(
            action["service_id"], action["interface"], action["region"],
            action["new_url"])
    except errors.BadInput:
        # Keystone answers 400 when the service vanished under us (a
        # concurrent run removed the loser it created); re-plan.
        if action["service_id"] in {s["id"] for s in
                                    keystone.image_services()}:
            raise
        return False
    action["endpoint_id"] = created["id"]
    return True


# --- discovery --------------------------------------------------------------

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
    except (ks_exc.DiscoveryFailure, ks_exc.ConnectionError,
            ks_exc.HttpError) as exc:
        report["problem"] = f"version discovery failed: {_message(exc)}"
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
        return f"GET {url} failed: {_message(exc)}"
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


# --- the two commands' bodies -----------------------------------------------

def show(session, region, interfaces, keystone):
    """The image services, their endpoints and what discovery finds."""
    services, endpoints = list_state(keystone, region)
    reports = discover(session, region, interfaces)
    data = {
        "services": [_service_view(s) for s in services],
        "endpoints": [endpoint_view(e) for e in endpoints],
        "discovery": reports,
    }
    return data, all(r["ok"] for r in reports)


def ensure(session, region, wanted, keystone, prune=False, dry_run=False):
    """Converge, then verify through discovery. Returns (data, ok)."""
    glance_checked = {}
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        if not dry_run:
            # Glance's answers do not depend on the catalog: ask while
            # Keystone works (leaving the block waits for them).
            for url in sorted(set(wanted.values())):
                pool.submit(probe, session, url, glance_checked)
        actions, services, endpoints = converge(
            keystone, region, wanted, prune=prune, dry_run=dry_run)
    data = {
        "changed": bool(actions),
        "dry_run": dry_run,
        "region": region,
        "actions": actions,
        "services": [_service_view(s) for s in services],
        "endpoints": [endpoint_view(e) for e in endpoints],
        "discovery": None,
    }
    if dry_run:
        return data, True
    auth = None
    if actions or not catalog_matches(session, region, wanted, endpoints):
        auth = fresh_catalog_auth(session, keystone)
    data["discovery"] = discover(session, region, _ordered(wanted),
                                 auth=auth, glance_checked=glance_checked)
    return data, all(r["ok"] for r in data["discovery"])


def fresh_catalog_auth(session, keystone):
    """An auth plugin: our token, with the catalog as Keystone has it now.

    keystoneauth caches the catalog that came with the token. Rather
    than authenticate again (a second token, and a password hash on the
    server), fetch ``GET /v3/auth/catalog`` with the token we hold and
    pair the two. Falls back to re-authenticating for a non-v3 token.
    """
    current = session.auth.get_access(session)
    if not isinstance(current, ks_access.AccessInfoV3):
        session.invalidate()
        return None
    token = dict(current._data["token"], catalog=keystone.catalog())
    fresh = ks_access.AccessInfoV3({"token": token},
                                   auth_token=current.auth_token)
    return ks_identity_access.AccessInfoPlugin(
        fresh, auth_url=getattr(session.auth, "auth_url", None))


def _service_view(service):
    return {"id": service["id"], "name": service.get("name"),
            "type": service["type"],
            "enabled": service.get("enabled", True)}
