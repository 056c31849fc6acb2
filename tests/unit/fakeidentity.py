"""Keystone's image services and endpoints as state behind the identity
API v3 on ``requests_mock``: writes change what later listings and token
validations show, so ``catalog ensure`` can run offline round after round.

Only what the catalog code calls: services of a type, endpoints, their
creation, update and deletion, regions, and token validation (whose
catalog, as Keystone's, shows enabled services and endpoints only).
"""

import itertools
import re

from keystoneauth1 import fixture

from tests.unit.fakecloud import KEYSTONE
from tests.unit.fakecloud import REGION
from tests.unit.fakecloud import TOKEN_ID

V3 = f"{KEYSTONE}/v3"
ID = "(?P<id>[^/?]+)"


class Identity:
    """The state, and the handlers ``requests_mock`` calls."""

    def __init__(self, mock, services=(), endpoints=(), regions=(REGION,)):
        self.services = {s["id"]: dict(s) for s in services}
        self.endpoints = {e["id"]: dict(e) for e in endpoints}
        self.regions = list(regions)
        self._ids = itertools.count(1)
        routes = [
            ("GET", "/services", self._list_services),
            ("POST", "/services", self._create_service),
            ("DELETE", f"/services/{ID}", self._delete_service),
            ("GET", "/endpoints", self._list_endpoints),
            ("POST", "/endpoints", self._create_endpoint),
            ("PATCH", f"/endpoints/{ID}", self._update_endpoint),
            ("DELETE", f"/endpoints/{ID}", self._delete_endpoint),
            ("GET", f"/regions/{ID}", self._region),
            ("POST", "/auth/tokens", self._login),
            ("GET", "/auth/tokens", self._validate),
        ]
        for method, path, handler in routes:
            mock.register_uri(
                method, re.compile(re.escape(V3) + path + r"(?:\?.*)?$"),
                json=handler)

    def token(self):
        """A v3 token whose catalog is the current state's."""
        body = fixture.V3Token(project_id="p", project_domain_id="default",
                               user_id="u", user_domain_id="default")
        body.add_service("identity", name="keystone").add_standard_endpoints(
            public=KEYSTONE, internal=KEYSTONE, region=REGION)
        for service in self.services.values():
            if not service.get("enabled", True):
                continue
            entry = body.add_service(service["type"], id=service["id"],
                                     name=service.get("name"))
            for e in self.endpoints.values():
                if e["service_id"] == service["id"] and e.get("enabled",
                                                              True):
                    entry.add_endpoint(e["interface"], e["url"],
                                       region=e["region_id"], id=e["id"])
        return body

    def _new_id(self, kind):
        return f"{kind}-{next(self._ids):03d}"

    @staticmethod
    def _missing(context):
        context.status_code = 404
        return {"error": {"code": 404, "message": "Could not find it."}}

    def _deleted(self, table, request, context):
        found = re.search(ID + "$", request.path).group("id")
        if table.pop(found, None) is None:
            return self._missing(context)
        context.status_code = 204
        return None

    def _list_services(self, request, _context):
        wanted = request.qs.get("type", [None])[0]
        return {"services": [s for s in self.services.values()
                             if wanted in (None, s["type"])]}

    def _create_service(self, request, context):
        service = {**request.json()["service"], "id": self._new_id("svc")}
        self.services[service["id"]] = service
        context.status_code = 201
        return {"service": service}

    def _delete_service(self, request, context):
        return self._deleted(self.services, request, context)

    def _list_endpoints(self, _request, _context):
        return {"endpoints": list(self.endpoints.values())}

    def _create_endpoint(self, request, context):
        endpoint = dict(request.json()["endpoint"])
        if endpoint["service_id"] not in self.services:
            context.status_code = 400
            return {"error": {"code": 400, "message": "no such service"}}
        endpoint["id"] = self._new_id("ep")
        endpoint["region"] = endpoint["region_id"]
        self.endpoints[endpoint["id"]] = endpoint
        context.status_code = 201
        return {"endpoint": endpoint}

    def _update_endpoint(self, request, context):
        found = self.endpoints.get(request.path.rsplit("/", 1)[1])
        if found is None:
            return self._missing(context)
        found.update(request.json()["endpoint"])
        return {"endpoint": found}

    def _delete_endpoint(self, request, context):
        return self._deleted(self.endpoints, request, context)

    def _region(self, request, context):
        region = request.path.rsplit("/", 1)[1]
        if region not in {r.lower() for r in self.regions}:
            return self._missing(context)
        return {"region": {"id": region}}

    def _login(self, _request, context):
        context.headers["X-Subject-Token"] = TOKEN_ID
        context.status_code = 201
        return self.token()

    def _validate(self, _request, _context):
        return self.token()
