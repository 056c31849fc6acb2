"""Work out tempest options from what a cloud reports about itself.

Pure and offline: :class:`CloudReport` is what the cloud said (the
Keystone catalog, glance's versions, stores, import methods, cache API,
schemas and metadefs, nova's microversions and compute services; see
:mod:`.discover` for the queries, made with python-glanceclient v2 and
keystoneauth) and :func:`settings` turns it into tempest options with
the reason for each; :mod:`.conffile` edits a tempest.conf text
accordingly. Writing, backups and masked diffs are
:mod:`nova_glance_v2.configfile`'s job.

The rules:

* a flag the cloud reports is set from the report (a cloud that offers a
  feature gets the tests of that feature run; one that does not gets them
  skipped at once instead of waiting out ``build_timeout``);
* a flag no API reports (``do_secure_hash``, ``image_conversion``,
  ``image_format_enforcement``, ``manage_locations``) keeps the file's
  value, else gets glance's default; ``--set`` overrides anything;
* in the sections we manage, options tempest no longer has (``[image-
  feature-enabled] api_v1``) and options it deprecated for removal
  (``api_v2``, ``import_image``, ``os_glance_reserved``, ``[identity]
  uri`` and ``auth_version``) are removed: their defaults are what every
  current cloud needs, and a stale ``false`` silently skips tests.
"""

import dataclasses
import re

from nova_glance_v2 import errors
from nova_glance_v2.tempest import DEFAULT_BUILD_TIMEOUT

AUTH = "auth"
IDENTITY = "identity"
SERVICES = "service_available"
IMAGE = "image"
IMAGE_FEATURES = "image-feature-enabled"
COMPUTE = "compute"
COMPUTE_FEATURES = "compute-feature-enabled"
MANAGED_SECTIONS = (AUTH, IDENTITY, SERVICES, IMAGE, IMAGE_FEATURES,
                    COMPUTE, COMPUTE_FEATURES)

# [service_available] flag -> catalog service types that mean "present".
SERVICE_TYPES = {
    "glance": ("image",),
    "nova": ("compute",),
    "cinder": ("block-storage", "volumev3", "volumev2", "volume"),
    "neutron": ("network",),
    "swift": ("object-store",),
}

# tempest's own default order: tests take container_formats[0] (with a
# raw disk, so it must not be ami/ari/aki) and disk_formats[0].
TEMPEST_CONTAINER_FORMATS = ("bare", "ami", "ari", "aki", "ovf", "ova")
TEMPEST_DISK_FORMATS = ("qcow2", "raw", "ami", "ari", "aki", "vhd", "vmdk",
                        "vdi", "iso", "vhdx")

# glance added the cache API in v2.14 (reported only with a cache dir).
CACHE_API_VERSION = (2, 14)

# Flags no glance API reports: glance's own defaults, used when the file
# says nothing (an operator's value in the file is kept).
UNREPORTED_IMAGE_FLAGS = {
    "do_secure_hash": (
        "true", "glance's default [DEFAULT] do_secure_hash; no API reports "
        "it"),
    "image_format_enforcement": (
        "true", "glance's default [image_format] require_image_format_match;"
        " no API reports it"),
    "image_conversion": (
        "false", "glance's default (no image_conversion import plugin); no "
        "API reports it"),
}

# Used when tempest itself cannot be imported to list its options.
FALLBACK_OBSOLETE = {
    IDENTITY: {"uri", "auth_version", "v2_admin_endpoint_type",
               "v2_public_endpoint_type"},
    IMAGE_FEATURES: {"api_v1", "api_v2", "import_image",
                     "os_glance_reserved", "deactivate_image"},
}



@dataclasses.dataclass
class Credentials:
    """The admin tempest creates its dynamic credentials with."""

    auth_url: str
    username: str
    password: str
    project_name: str
    user_domain_name: str
    project_domain_name: str


@dataclasses.dataclass
class GlanceReport:
    """What glance said about itself through the image API v2."""

    versions: tuple = ()            # ("2.0", ..., "2.18")
    stores: list | None = None      # /v2/info/stores[/detail]; None: 404
    import_methods: tuple = ()      # /v2/info/import
    cache_api: bool = False         # /v2/cache answered
    metadefs_namespaces: int = 0    # namespaces visible to admin
    disk_formats: tuple = ()        # enums of /v2/schemas/image
    container_formats: tuple = ()
    hashing_algorithm: str | None = None  # os_hash_algo of an image


@dataclasses.dataclass
class NovaReport:
    """What nova-api said: microversions and its compute services."""

    min_microversion: str | None = None
    max_microversion: str | None = None
    compute_services_up: int | None = None   # None: could not tell


@dataclasses.dataclass
class CloudReport:
    credentials: Credentials
    region: str | None
    catalog: dict                   # service type -> set of interfaces
    verify: bool = True
    cacert: str | None = None
    glance: GlanceReport | None = None
    nova: NovaReport | None = None


@dataclasses.dataclass
class Request:
    endpoint_type: str | None = None     # default: public, else internal
    build_timeout: int = DEFAULT_BUILD_TIMEOUT
    overrides: dict = dataclasses.field(default_factory=dict)


@dataclasses.dataclass
class Setting:
    section: str
    key: str
    value: str
    why: str

    @property
    def name(self):
        return f"{self.section}.{self.key}"


def parse_version(text):
    """``"v2.18"`` or ``"2.18"`` -> ``(2, 18)``; None if not a version."""
    match = re.fullmatch(r"v?(\d+)\.(\d+)", str(text or "").strip())
    return (int(match.group(1)), int(match.group(2))) if match else None


def _bool(value):
    return "true" if value else "false"


def endpoint_type(report, requested=None):
    """The interface tempest should use for image and compute."""
    interfaces = report.catalog.get("image") or report.catalog.get(
        "compute") or set()
    if requested:
        if interfaces and requested not in interfaces:
            raise errors.CheckFailed(
                f"no {requested} image endpoint in the catalog (it has "
                f"{', '.join(sorted(interfaces))})")
        return requested
    for candidate in ("public", "internal"):
        if candidate in interfaces:
            return candidate
    return "public"


def identity_v3(auth_url):
    """Keystone's v3 url from an auth url with or without ``/v3``."""
    url = auth_url.rstrip("/")
    if re.search(r"/v3$", url):
        return url
    if re.search(r"/v2\.0$", url):
        url = url[: -len("/v2.0")]
    return url + "/v3"


def ordered_formats(supported, preferred):
    """glance's formats, tempest's preferred ones first, in its order."""
    supported = [fmt for fmt in supported if fmt]
    first = [fmt for fmt in preferred if fmt in supported]
    return first + [fmt for fmt in supported if fmt not in first]


def writable_stores(stores):
    """The stores images can be uploaded to (not read-only, not http)."""
    return [s for s in stores or ()
            if str(s.get("read-only", "")).lower() != "true"
            and s.get("type") != "http"]


def settings(report, request, current=None):
    """The tempest options for ``report``: a list of :class:`Setting`.

    ``current`` maps ``(section, key)`` to the file's values; it only
    matters for the flags no API reports.
    """
    current = current or {}
    out = []

    def put(section, key, value, why):
        out.append(Setting(section, key, str(value), why))

    creds = report.credentials
    iface = endpoint_type(report, request.endpoint_type)
    region = report.region

    put(AUTH, "use_dynamic_credentials", "true",
        "tempest creates a project and users per test class")
    put(AUTH, "admin_username", creds.username, "clouds.yaml")
    put(AUTH, "admin_password", creds.password, "clouds.yaml")
    put(AUTH, "admin_project_name", creds.project_name, "clouds.yaml")
    put(AUTH, "admin_user_domain_name", creds.user_domain_name,
        "clouds.yaml")
    put(AUTH, "admin_project_domain_name", creds.project_domain_name,
        "clouds.yaml")
    put(AUTH, "admin_domain_name", creds.user_domain_name,
        "the admin user's domain")
    has = {flag: any(t in report.catalog for t in types)
           for flag, types in SERVICE_TYPES.items()}
    if not has["neutron"]:
        put(AUTH, "create_isolated_networks", "false",
            "no network service in the catalog")

    put(IDENTITY, "uri_v3", identity_v3(creds.auth_url), "clouds.yaml")
    if region:
        put(IDENTITY, "region", region, "clouds.yaml / catalog")
    put(IDENTITY, "v3_endpoint_type", iface, "endpoint type")
    if not report.verify:
        put(IDENTITY, "disable_ssl_certificate_validation", "true",
            "clouds.yaml verify: false")
    if report.cacert:
        put(IDENTITY, "ca_certificates_file", report.cacert,
            "clouds.yaml cacert")

    for flag in SERVICE_TYPES:
        present = has[flag]
        if flag == "glance" and present and report.glance is None:
            present = False
        types = "/".join(SERVICE_TYPES[flag])
        put(SERVICES, flag, _bool(present),
            f"{types} {'in' if has[flag] else 'not in'} the catalog"
            + (" but glance did not answer" if flag == "glance"
               and has[flag] and not present else ""))

    if report.glance is not None:
        out.extend(_image_settings(report.glance, iface, region, request,
                                   current))
    if has["nova"] and report.nova is not None:
        out.extend(_compute_settings(report.nova, iface, region))

    return _apply_overrides(out, request.overrides)


def _image_settings(glance, iface, region, request, current):
    out = []

    def put(section, key, value, why):
        out.append(Setting(section, key, str(value), why))

    versions = sorted(v for v in map(parse_version, glance.versions) if v)
    newest = f"{versions[-1][0]}.{versions[-1][1]}" if versions else "?"
    put(IMAGE, "catalog_type", "image", "the image service type")
    put(IMAGE, "endpoint_type", iface, "endpoint type")
    if region:
        put(IMAGE, "region", region, "clouds.yaml / catalog")
    put(IMAGE, "build_timeout", request.build_timeout,
        "a file store imports in seconds; fail fast, not after 300 s")
    put(IMAGE, "build_interval", 1, "tempest's default")
    if glance.container_formats:
        put(IMAGE, "container_formats", ",".join(ordered_formats(
            glance.container_formats, TEMPEST_CONTAINER_FORMATS)),
            "enum of /v2/schemas/image")
    if glance.disk_formats:
        put(IMAGE, "disk_formats", ",".join(ordered_formats(
            glance.disk_formats, TEMPEST_DISK_FORMATS)),
            "enum of /v2/schemas/image")
    cache = glance.cache_api and any(v >= CACHE_API_VERSION
                                     for v in versions)
    put(IMAGE, "image_caching_enabled", _bool(cache),
        "GET /v2/cache answered" if cache else
        f"no cache API (versions up to v{newest}, /v2/cache "
        f"{'answered' if glance.cache_api else 'did not answer'})")
    if glance.hashing_algorithm:
        put(IMAGE, "hashing_algorithm", glance.hashing_algorithm,
            "os_hash_algo of an existing image")

    stores = glance.stores
    http = [s["id"] for s in stores or ()
            if s.get("type") == "http"
            or str(s.get("read-only", "")).lower() == "true"]
    put(IMAGE_FEATURES, "http_store_enabled", _bool(http),
        f"http store(s) {', '.join(http)}" if http else
        "no http (read-only) store in /v2/info/stores")
    writable = writable_stores(stores)
    weights = {s.get("weight") for s in writable if "weight" in s}
    weighted = len(writable) > 1 and len(weights) > 1
    put(IMAGE_FEATURES, "store_weight_enabled", _bool(weighted),
        f"stores have weights {sorted(weights)}" if weighted else
        "stores do not have different weights (/v2/info/stores/detail)")
    # Locations tests add http locations; without an http store they
    # cannot work whatever show_multiple_locations says.
    key = (IMAGE_FEATURES, "manage_locations")
    if not http:
        put(*key, "false", "needs an http store, and there is none")
    elif key in current:
        put(*key, current[key], "kept: no API reports "
            "show_multiple_locations")
    else:
        put(*key, "false", "glance's default; no API reports "
            "show_multiple_locations")
    for flag, (default, why) in UNREPORTED_IMAGE_FLAGS.items():
        key = (IMAGE_FEATURES, flag)
        if key in current:
            put(*key, current[key], "kept from the file: " + why)
        else:
            put(*key, default, why)
    return out


def _compute_settings(nova, iface, region):
    out = []

    def put(section, key, value, why):
        out.append(Setting(section, key, str(value), why))

    put(COMPUTE, "catalog_type", "compute", "the compute service type")
    put(COMPUTE, "endpoint_type", iface, "endpoint type")
    if region:
        put(COMPUTE, "region", region, "clouds.yaml / catalog")
    if nova.min_microversion:
        put(COMPUTE, "min_microversion", nova.min_microversion,
            "nova's version document")
    if nova.max_microversion:
        put(COMPUTE, "max_microversion", nova.max_microversion,
            "nova's version document")
    if nova.compute_services_up is not None:
        up = nova.compute_services_up
        put(COMPUTE_FEATURES, "snapshot", _bool(up > 0),
            f"{up} nova-compute service(s) up (a snapshot needs a server)")
    return out


def _apply_overrides(found, overrides):
    """``--set`` values replace or add to what the report gave."""
    by_key = {(s.section, s.key): s for s in found}
    for (section, key), value in overrides.items():
        if (section, key) in by_key:
            setting = by_key[(section, key)]
            setting.value = value
            setting.why = "--set"
        else:
            setting = Setting(section, key, value, "--set")
            found.append(setting)
            by_key[(section, key)] = setting
    return found


def parse_override(text):
    """``SECTION.KEY=VALUE`` -> ``((section, key), value)``."""
    name, sep, value = text.partition("=")
    section, dot, key = name.strip().rpartition(".")
    if not sep or not dot or not section or not key:
        raise errors.BadInput(
            f"--set {text.split('=')[0]}: expected SECTION.KEY=VALUE")
    return (section, key.strip()), value.strip()
