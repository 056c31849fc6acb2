"""A Keystone and a Glance that exist only as HTTP answers, for unit tests.

The bodies are keystoneauth's own fixtures (``keystoneauth1.fixture``: a
v3 token with its catalog, v3 identity discovery, version documents) on
``requests_mock``, so the code under test runs the real keystoneauth
session, auth plugin, catalog look-up and version discovery, offline:
an unregistered url is an error, nothing leaves the process.

The hosts are in ``.test`` (RFC 6761): they resolve nowhere.
"""

import requests
from keystoneauth1 import fixture
from keystoneauth1 import session as ks_session
from keystoneauth1.identity import v3

KEYSTONE = "http://keystone.test/identity"
GLANCE_PUBLIC = "http://glance.test/image"
GLANCE_INTERNAL = "http://glance-internal.test/image"
REGION = "RegionOne"
TOKEN_ID = "fake-token-id"
IMAGE_SERVICE_ID = "image-service-id"


def token(glance=None, region=REGION):
    """A v3 token whose catalog holds Keystone and ``glance``, a mapping
    of interface to url (public and internal Glance by default)."""
    body = fixture.V3Token(project_id="p", project_domain_id="default",
                           user_id="u", user_domain_id="default")
    identity = body.add_service("identity", name="keystone")
    identity.add_standard_endpoints(public=KEYSTONE, internal=KEYSTONE,
                                    region=region)
    glance = ({"public": GLANCE_PUBLIC, "internal": GLANCE_INTERNAL}
              if glance is None else glance)
    if glance:
        image = body.add_service("image", name="glance",
                                 id=IMAGE_SERVICE_ID)
        for interface, url in glance.items():
            image.add_endpoint(interface, url, region=region,
                               id=f"{interface}-endpoint-id")
    return body


def glance_versions(url, *versions):
    """Glance's root document: ``versions`` are ``(id, status)`` pairs."""
    listed = fixture.DiscoveryList(href=url, v2=False, v3=False)
    for version_id, status in versions:
        listed.add_version(fixture.VersionDiscovery(
            f"{url}/{version_id.split('.')[0]}/", version_id,
            status=status))
    return listed


# What a glance 33 (Epoxy's successor) root lists, newest last.
GLANCE_V2 = (("v2.16", "SUPPORTED"), ("v2.17", "CURRENT"))


class Cloud:
    """``requests_mock`` answers for one Keystone and its Glances.

    ``mock`` is the live :class:`requests_mock.Mocker`; tests register
    more answers on it or read ``mock.request_history``.
    """

    def __init__(self, mock, body=None):
        self.mock = mock
        self.body = token() if body is None else body
        mock.get(KEYSTONE, status_code=300,
                 json=fixture.DiscoveryList(href=KEYSTONE, v2=False))
        mock.get(f"{KEYSTONE}/v3", json={"version": fixture.V3Discovery(
            f"{KEYSTONE}/v3")})
        mock.post(f"{KEYSTONE}/v3/auth/tokens", json=self.body,
                  headers={"X-Subject-Token": TOKEN_ID})

    def session(self):
        """A keystoneauth session logged in with a password, as
        clouds.yaml would give it."""
        auth = v3.Password(auth_url=f"{KEYSTONE}/v3", username="u",
                           password="pw", user_domain_id="default",
                           project_id="p", project_domain_id="default")
        return ks_session.Session(auth=auth)

    def glance(self, url, versions=GLANCE_V2, schema_name="image"):
        """A Glance at ``url``: its version document and image schema."""
        self.mock.get(url, status_code=300, json=glance_versions(
            url, *versions))
        for version_id, _ in versions:
            major = version_id.split(".")[0]
            self.mock.get(f"{url}/{major}/", status_code=300,
                          json=glance_versions(url, *versions))
            self.mock.get(f"{url}/{major}/schemas/image",
                          json={"name": schema_name})

    def down(self, url):
        """Every request to ``url`` fails to connect."""
        self.mock.get(url, exc=requests.exceptions.ConnectionError(
            "connection refused"))

    def identity(self, method, path, **answer):
        """Register ``answer`` for ``method`` on the identity API ``path``."""
        self.mock.register_uri(method, f"{KEYSTONE}/v3{path}", **answer)

    def requested(self, method=None):
        """The urls asked so far, ``METHOD url`` each."""
        return [f"{r.method} {r.url}" for r in self.mock.request_history
                if method is None or r.method == method]


def clouds_yaml(path, name="fake"):
    """Write a clouds.yaml at ``path`` whose cloud ``name`` logs in to the
    fake Keystone with a password; return the cloud's name."""
    path.write_text(f"""\
clouds:
  {name}:
    auth:
      auth_url: {KEYSTONE}/v3
      username: u
      password: pw
      user_domain_id: default
      project_id: p
      project_domain_id: default
    region_name: {REGION}
    identity_api_version: 3
""")
    return name
