"""The identity API v3 calls the image catalog needs, on one session."""

import concurrent.futures

from keystoneauth1 import adapter
from keystoneauth1 import exceptions as ks_exc

from nova_glance_v2 import errors
from nova_glance_v2 import session as session_mod
from nova_glance_v2.catalog import SERVICE_DESCRIPTION
from nova_glance_v2.catalog import SERVICE_NAME
from nova_glance_v2.catalog import SERVICE_TYPE
from nova_glance_v2.catalog.plan import endpoint_region


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
            except ks_exc.NotFound as exc:
                if ok_missing:
                    return None
                # Not a Keystone v3 identity API where the catalog says.
                raise errors.Unavailable(
                    f"keystone: {method} {path} answered 404 (not the "
                    f"identity API v3?): {message(exc)}") from None
            except ks_exc.BadRequest as exc:
                raise errors.BadInput(
                    f"keystone refused {method} {path}: {message(exc)}"
                ) from None
            except ks_exc.HttpError as exc:
                if isinstance(exc, (ks_exc.Unauthorized, ks_exc.Forbidden)):
                    raise
                raise errors.Unavailable(
                    f"keystone: {method} {path} failed: {message(exc)}"
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

    def token(self, token):
        """``token``'s body as Keystone validates it now (catalog too)."""
        return self._call("GET", "/auth/tokens",
                          headers={"X-Subject-Token": token})

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


def message(exc):
    """The first line of a keystoneauth error, for a one-line report."""
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

    With ``region``, also check that it exists (BadInput if not). An
    endpoint of any service in the region proves it exists (Keystone
    refuses endpoints in unknown regions), so Keystone is asked only
    when none is: on a deployed cloud its own endpoint is there.
    """
    services, endpoints = parallel([keystone.image_services,
                                    keystone.endpoints])
    if region is not None and region not in {endpoint_region(e)
                                             for e in endpoints}:
        keystone.check_region(region)
    ids = {s["id"] for s in services}
    return services, [e for e in endpoints if e["service_id"] in ids]


def service_view(service):
    """What the output shows of a service."""
    return {"id": service["id"], "name": service.get("name"),
            "type": service["type"],
            "enabled": service.get("enabled", True)}


def for_connection(connection):
    """The :class:`Keystone` of a :class:`session.Connection`, found in
    the catalog the way clouds.yaml says (interface, identity region)."""
    config = connection.config
    return Keystone(
        connection.session, interface=config.get_interface() or "public",
        region_name=config.get_region_name("identity") or None)
