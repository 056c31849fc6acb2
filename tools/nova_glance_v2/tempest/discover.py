"""Ask the cloud what tempest needs to know about it.

The Keystone catalog through keystoneauth; glance through
python-glanceclient v2 (versions, stores, import methods, cache API,
image schema, metadefs); nova's microversions and compute services
through a keystoneauth adapter. The answers fill a
:class:`.settings.CloudReport`.
"""

from glanceclient import client as glance_client
from glanceclient import exc as glance_exc
from keystoneauth1 import adapter as ks_adapter
from keystoneauth1 import exceptions as ks_exc

from nova_glance_v2 import errors
from nova_glance_v2 import session as session_mod
from nova_glance_v2.tempest import settings as tempestconf


def discover(cloud_name):
    """A :class:`tempestconf.CloudReport` of ``cloud_name``."""
    connection = session_mod.connect(cloud_name)
    region_cfg, sess = connection.config, connection.session
    auth = dict(region_cfg.config.get("auth") or {})
    if not auth.get("username") or not auth.get("password"):
        raise errors.BadInput(
            f"cloud {cloud_name!r}: tempest needs an admin username and "
            "password (dynamic credentials); clouds.yaml has none")
    with session_mod.service_errors("keystone"):
        access = sess.auth.get_access(sess)
        catalog = _catalog(access.service_catalog.catalog)
    region = region_cfg.get_region_name() or _only_region(
        access.service_catalog.catalog)
    creds = tempestconf.Credentials(
        auth_url=auth["auth_url"],
        username=auth["username"],
        password=auth["password"],
        project_name=auth.get("project_name") or access.project_name,
        user_domain_name=_domain_name(sess, auth, "user", access),
        project_domain_name=_domain_name(sess, auth, "project", access),
    )
    verify = region_cfg.config.get("verify", True)
    cacert = region_cfg.config.get("cacert")
    report = tempestconf.CloudReport(
        credentials=creds, region=region, catalog=catalog,
        verify=bool(verify), cacert=cacert)
    iface = tempestconf.endpoint_type(report)
    if "image" in catalog:
        report.glance = glance_report(sess, iface, region)
    if "compute" in catalog:
        report.nova = nova_report(sess, iface, region)
    return report


def _catalog(entries):
    catalog = {}
    for service in entries:
        interfaces = catalog.setdefault(service.get("type"), set())
        for endpoint in service.get("endpoints", ()):
            interfaces.add(endpoint.get("interface"))
    return catalog


def _only_region(entries):
    regions = {ep.get("region_id") or ep.get("region")
               for service in entries for ep in service.get("endpoints", ())}
    regions.discard(None)
    return regions.pop() if len(regions) == 1 else None


def _domain_name(sess, auth, kind, access):
    name = auth.get(f"{kind}_domain_name") or auth.get("domain_name")
    if name:
        return name
    domain_id = auth.get(f"{kind}_domain_id") or auth.get("domain_id")
    if kind == "user" and not domain_id:
        return access.user_domain_name
    if kind == "project" and not domain_id:
        return access.project_domain_name
    with session_mod.service_errors("keystone"):
        resp = sess.get(f"/domains/{domain_id}",
                        endpoint_filter={"service_type": "identity",
                                         "interface": "public"})
    return resp.json()["domain"]["name"]


def glance_report(sess, interface, region):
    """Ask glance, through python-glanceclient v2, what it offers."""
    glance = glance_client.Client("2", session=sess, interface=interface,
                                  region_name=region)
    report = tempestconf.GlanceReport()
    try:
        report.versions = tuple(v["id"] for v in glance.versions.list())
        report.stores = _stores(glance)
        report.import_methods = tuple(
            glance.images.get_import_info()["import-methods"]["value"])
        report.cache_api = _cache_api(glance)
        schema = glance.schemas.get("image").raw()["properties"]
        report.disk_formats = tuple(
            f for f in schema["disk_format"].get("enum", ()) if f)
        report.container_formats = tuple(
            f for f in schema["container_format"].get("enum", ()) if f)
        report.metadefs_namespaces = sum(
            1 for _ in glance.metadefs_namespace.list(page_size=100))
        for image in glance.images.list(limit=5, page_size=5):
            if image.get("os_hash_algo"):
                report.hashing_algorithm = image["os_hash_algo"]
                break
    except glance_exc.CommunicationError as exc:
        raise errors.Unavailable(f"glance: unreachable ({exc})") from None
    except (ks_exc.ConnectionError, ks_exc.EndpointNotFound) as exc:
        raise errors.Unavailable(f"glance: unreachable ({exc})") from None
    except glance_exc.HTTPException as exc:
        raise errors.CheckFailed(f"glance: {exc}") from None
    return report


def _stores(glance):
    """Stores with type and weight when admin may see the detail."""
    try:
        return glance.images.get_stores_info_detail()["stores"]
    except (glance_exc.HTTPForbidden, glance_exc.HTTPNotFound):
        pass
    try:
        return glance.images.get_stores_info()["stores"]
    except glance_exc.HTTPNotFound:
        return None     # one store, no multistore


def _cache_api(glance):
    """True when GET /v2/cache answers (it needs a cache and admin)."""
    try:
        glance.cache.list()
    except glance_exc.HTTPUnauthorized:
        raise
    except glance_exc.HTTPException:
        # 404 without a cache, 403 for a non-admin, 501 when glance's
        # versions lack the cache API: tempest's cache tests cannot run.
        return False
    return True


def nova_report(sess, interface, region):
    """nova's microversion range and how many computes are up."""
    compute = ks_adapter.Adapter(sess, service_type="compute",
                                 interface=interface, region_name=region)
    report = tempestconf.NovaReport()
    with session_mod.service_errors("nova"):
        data = compute.get_endpoint_data()
        if data is None:
            raise errors.Unavailable("nova: no compute endpoint")
        if data.min_microversion:
            report.min_microversion = _dotted(data.min_microversion)
        if data.max_microversion:
            report.max_microversion = _dotted(data.max_microversion)
        resp = compute.get("/os-services", params={"binary": "nova-compute"},
                           raise_exc=False)
    if resp.status_code == 200:
        report.compute_services_up = sum(
            1 for s in resp.json().get("services", ())
            if s.get("state") == "up" and s.get("status") == "enabled")
    return report


def summary(report):
    """What the cloud reported, for people (no secrets)."""
    out = {"region": report.region,
           "catalog": sorted(t for t in report.catalog if t)}
    if report.glance:
        g = report.glance
        out["glance"] = {
            "versions": _version_range(g.versions),
            "stores": (None if g.stores is None
                       else [s["id"] for s in g.stores]),
            "import_methods": list(g.import_methods),
            "cache_api": g.cache_api,
            "metadefs_namespaces": g.metadefs_namespaces,
        }
    if report.nova:
        out["nova"] = {
            "microversions": f"{report.nova.min_microversion}-"
                             f"{report.nova.max_microversion}",
            "compute_services_up": report.nova.compute_services_up,
        }
    return out


def _version_range(versions):
    found = sorted(v for v in map(tempestconf.parse_version, versions) if v)
    if not found:
        return None
    return f"v{_dotted(found[0])}-v{_dotted(found[-1])}"


def _dotted(version):
    return ".".join(str(part) for part in version[:2])


def notes(report):
    """Things tempest will trip over that no flag can fix."""
    found = []
    glance = report.glance
    if glance is not None:
        if not glance.metadefs_namespaces:
            found.append(
                "glance has no metadata definitions: the metadefs tests "
                "will fail (run glance-manage db_load_metadefs)")
        if glance.stores is not None and len(
                tempestconf.writable_stores(glance.stores)) < 2:
            found.append("fewer than two writable glance stores: "
                         "multistore and copy-image tests will skip")
        if "web-download" in glance.import_methods:
            found.append("web-download is enabled: its tests fetch "
                         "[image] http_image from the internet")
    if report.nova and report.nova.compute_services_up == 0:
        found.append("no nova-compute is up: tests that boot servers "
                     "cannot pass (exclude them)")
    return found
