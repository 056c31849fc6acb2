"""``nova-glance-v2 tempest-conf configure`` and ``tempest-run``.

``configure`` asks the cloud what it has (the Keystone catalog through
keystoneauth; glance through python-glanceclient v2: versions, stores,
import methods, cache API, image schema, metadefs; nova's microversions
and compute services through a keystoneauth adapter), works out the
tempest options with :mod:`nova_glance_v2.tempestconf` and writes them the
safe way (:mod:`nova_glance_v2.configfile`: dry run, masked diff, backup,
atomic write keeping mode and owner).

``tempest-run`` runs tempest in a workspace with a regex and an exclude
list and reports counts, failures and the slowest tests
(:mod:`nova_glance_v2.tempestrun`).
"""

import os
import stat
import sys
import types

from glanceclient import client as glance_client
from glanceclient import exc as glance_exc
from keystoneauth1 import adapter as ks_adapter
from keystoneauth1 import exceptions as ks_exc

from nova_glance_v2 import configfile
from nova_glance_v2 import errors
from nova_glance_v2 import output
from nova_glance_v2 import session as session_mod
from nova_glance_v2 import tempestconf
from nova_glance_v2 import tempestrun


def register(subparsers):
    parser = subparsers.add_parser(
        "tempest-conf", help="configure tempest from what the cloud reports")
    commands = parser.add_subparsers(dest="tempest_conf_command",
                                     required=True)
    configure = commands.add_parser(
        "configure",
        help="write tempest's auth, identity, service, image and compute "
             "options from what the cloud reports",
        description=(
            "Query the cloud (Keystone catalog, glance v2 info, cache, "
            "schemas and metadefs, nova versions and services) and set "
            "tempest's [auth], [identity], [service_available], [image], "
            "[image-feature-enabled], [compute] and [compute-feature-"
            "enabled] to match; remove options tempest dropped or "
            "deprecated for removal. Other lines stay as they are. A "
            "changed file is backed up first; a missing one is created "
            "(mode 0600: it holds the admin password)."),
    )
    configure.add_argument("--config-file", required=True, metavar="FILE",
                           help="the tempest.conf to write")
    configure.add_argument(
        "--endpoint-type", choices=tempestconf.ENDPOINT_TYPES,
        help="interface tempest uses for image and compute (default: "
             "public if the catalog has it, else internal)")
    configure.add_argument(
        "--build-timeout", type=int, metavar="SECONDS",
        default=tempestconf.DEFAULT_BUILD_TIMEOUT,
        help="[image] build_timeout (default: %(default)s)")
    configure.add_argument(
        "--set", dest="overrides", action="append", default=[],
        metavar="SECTION.KEY=VALUE",
        help="set an option the cloud cannot report (e.g. "
             "image-feature-enabled.do_secure_hash=false); repeatable")
    configfile.add_write_options(configure)
    configure.set_defaults(func=configure_command)

    run = subparsers.add_parser(
        "tempest-run",
        help="run tempest in a workspace and report counts and timings",
        description=(
            "Run 'tempest run --regex R --exclude-list F' in WORKSPACE "
            "(created with 'tempest init' if missing) and report passed, "
            "skipped, failed and excluded tests and the slowest ones. "
            "Exit 1 when a test failed or ran longer than --max-seconds."),
    )
    run.add_argument("--workspace", required=True, metavar="DIR",
                     help="tempest workspace (etc/tempest.conf inside)")
    run.add_argument("--regex", default=tempestrun.IMAGE_REGEX,
                     help="tests to run (default: %(default)s)")
    run.add_argument(
        "--exclude-list", metavar="FILE",
        default=tempestrun.LOCAL_CLOUD_EXCLUDE_LIST,
        help="exclude list, one regex a line (default: the local cloud's)")
    run.add_argument("--concurrency", type=int, default=2)
    run.add_argument("--max-seconds", type=float,
                     default=tempestrun.MAX_TEST_SECONDS,
                     help="longest a single test may take "
                          "(default: %(default)s)")
    run.add_argument("--timeout", type=float, default=3600,
                     help="give up on the whole run after this many "
                          "seconds (default: %(default)s)")
    run.set_defaults(func=run_command)


def configure_command(args):
    cloud = getattr(args, "os_cloud", None)
    if not cloud:
        raise errors.BadInput("--os-cloud (or OS_CLOUD) is required")
    overrides = dict(tempestconf.parse_override(o) for o in args.overrides)
    result, plan = configure(
        cloud, args.config_file, endpoint_type=args.endpoint_type,
        build_timeout=args.build_timeout, overrides=overrides,
        dry_run=args.dry_run, backup_dir=args.backup_dir)
    if args.diff:
        diff = configfile.unified_diff(plan.path, plan.old_text,
                                       plan.new_text)
        if getattr(args, "format", "table") == "json":
            result["diff"] = diff
        elif diff:
            sys.stdout.write(diff)
    return result


def configure(cloud, path, endpoint_type=None,
              build_timeout=tempestconf.DEFAULT_BUILD_TIMEOUT,
              overrides=None, dry_run=False, backup_dir=None,
              clouds_yaml=None):
    """Configure ``path`` for ``cloud``; return (result, plan).

    What the gate calls in-process; the command line is a thin layer.
    """
    if build_timeout <= 0:
        raise errors.BadInput("--build-timeout must be positive")
    if backup_dir and not os.path.isdir(backup_dir):
        raise errors.BadInput(
            f"{backup_dir}: backup directory does not exist")
    exists = os.path.exists(path)
    if not exists and not os.path.isdir(os.path.dirname(
            os.path.abspath(path))):
        raise errors.BadInput(f"{path}: its directory does not exist")
    text = configfile.read_text(path) if exists else ""
    current = tempestconf.current_values(path, text)

    report = discover(cloud, clouds_yaml)
    request = tempestconf.Request(endpoint_type=endpoint_type,
                                  build_timeout=build_timeout,
                                  overrides=overrides or {})
    wanted = tempestconf.settings(report, request, current)
    plan = tempestconf.plan(path, text, wanted,
                            tempestconf.tempest_options())

    backup, mode_note = None, None
    if plan.changed and not dry_run:
        backup, mode_note = _write(path, exists, plan.new_text, backup_dir)
    result = {
        "file": path,
        "changed": plan.changed,
        "created": plan.changed and not exists and not dry_run,
        "dry_run": dry_run,
        "backup": backup,
        "options": [
            {"option": s.name, "value": _masked(s.name, s.value),
             "changed": s.name in plan.set, "why": s.why}
            for s in wanted],
        "removed": [{"option": name, "why": why}
                    for name, why in plan.removed.items()],
        "cloud": summary(report),
        "notes": notes(report) + ([mode_note] if mode_note else []),
    }
    return result, plan


def _masked(name, value):
    secret = configfile.SECRET_OPTION.search(name.rpartition(".")[2])
    return configfile.MASK if secret else value


def _write(path, exists, text, backup_dir):
    """Back up and replace ``path`` (or create it, mode 0600)."""
    data = text.encode("utf-8")
    if not exists:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
        try:
            configfile.write_atomic(path, data)
        except BaseException:
            os.unlink(path)
            raise
        return None, None
    backup = configfile.make_backup(path, backup_dir)
    like = os.stat(configfile.real_path(path))
    note = None
    if stat.S_IMODE(like.st_mode) & 0o077:
        # The file now holds the admin password: no group or world access.
        mode = stat.S_IMODE(like.st_mode) & 0o700
        note = (f"mode {oct(stat.S_IMODE(like.st_mode))} -> {oct(mode)}: "
                "the file holds the admin password")
        like = types.SimpleNamespace(
            st_mode=mode, st_uid=like.st_uid, st_gid=like.st_gid)
    # Atomic: on failure the file is still the old one (and the backup).
    configfile.write_atomic(path, data, like=like)
    return backup, note


# -- asking the cloud ------------------------------------------------------


def discover(cloud_name, config_file=None):
    """A :class:`tempestconf.CloudReport` of ``cloud_name``."""
    region_cfg = session_mod.cloud_region(cloud_name, config_file)
    sess = session_mod.get_session(cloud_name, config_file)
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
                tempestconf._writable_stores(glance.stores)) < 2:
            found.append("fewer than two writable glance stores: "
                         "multistore and copy-image tests will skip")
        if "web-download" in glance.import_methods:
            found.append("web-download is enabled: its tests fetch "
                         "[image] http_image from the internet")
    if report.nova and report.nova.compute_services_up == 0:
        found.append("no nova-compute is up: tests that boot servers "
                     "cannot pass (exclude them)")
    return found


def run_command(args):
    result = tempestrun.run(
        args.workspace, regex=args.regex, exclude_list=args.exclude_list,
        concurrency=args.concurrency, timeout=args.timeout)
    problems = tempestrun.problems(result, args.max_seconds)
    data = result.as_dict()
    data["problems"] = problems
    return output.Result(data, errors.EXIT_CHECK_FAILED if problems
                         else errors.EXIT_OK)
