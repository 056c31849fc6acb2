"""``nova-glance-v2 nova-conf configure|rollback|probe``.

``configure`` points nova's ``[glance]`` at the image API v2 in one of
three ways and migrates every legacy glance option on the way (see
:mod:`nova_glance_v2.novaconf`); ``rollback`` puts a backup back. Several
``--config-file`` are handled as one change: all are read and planned
before any is written, and a failed write restores the ones already
written. ``probe`` runs nova's own image client with a file (see
:mod:`nova_glance_v2.novaimage`).

Glance urls come from the command line, else from the file, else from the
Keystone catalog of ``--os-cloud``; only the last needs the network.
"""

import os
import sys

from keystoneauth1 import exceptions as ks_exc

from nova_glance_v2 import configfile
from nova_glance_v2 import errors
from nova_glance_v2 import novaconf
from nova_glance_v2 import novaimage
from nova_glance_v2 import session

MIB = 1024 * 1024


def register(subparsers):
    parser = subparsers.add_parser(
        "nova-conf", help="configure nova's [glance] for the image API v2"
    )
    commands = parser.add_subparsers(dest="nova_conf_command", required=True)

    configure = commands.add_parser(
        "configure",
        help="set [glance] for v2 and migrate legacy glance options",
        description=(
            "Set nova's [glance] section for the image API v2 (api_servers, "
            "Keystone catalog or endpoint_override) and migrate legacy "
            "glance options. Everything else in the file stays as it is. "
            "A changed file is backed up first."
        ),
    )
    _add_config_files(configure)
    configure.add_argument(
        "--mode", choices=novaconf.MODES, default=novaconf.DEFAULT_MODE,
        help="how nova finds glance (default: api_servers)",
    )
    configure.add_argument(
        "--api-servers", type=_csv, metavar="URL[,URL...]",
        help="glance urls for --mode api_servers",
    )
    configure.add_argument(
        "--endpoint-override", metavar="URL",
        help="the glance url for --mode endpoint_override",
    )
    configure.add_argument(
        "--region", metavar="REGION",
        help="[glance] region_name for --mode catalog; also the region of a "
        "catalog look-up",
    )
    configure.add_argument(
        "--interfaces", type=_csv, metavar="IF[,IF...]",
        help="[glance] valid_interfaces for --mode catalog (default: the "
        "file's, else internal,public); also the interfaces of a catalog "
        "look-up",
    )
    configure.add_argument(
        "--cafile", metavar="FILE", help="set [glance] cafile"
    )
    configure.add_argument(
        "--insecure", action="store_true",
        help="set [glance] insecure = true (no TLS verification)",
    )
    configure.add_argument(
        "--force", action="store_true",
        help="go ahead despite conflicting legacy values, with the urls "
        "given on the command line",
    )
    configfile.add_write_options(configure)
    configure.set_defaults(func=configure_command)

    rollback = commands.add_parser(
        "rollback",
        help="restore a file from its newest (or a given) backup",
    )
    _add_config_files(rollback)
    rollback.add_argument(
        "--backup", metavar="FILE",
        help="the backup to restore (default: the newest one)",
    )
    rollback.add_argument(
        "--backup-dir", metavar="DIR",
        help="where configure put the backups (default: next to each file)",
    )
    rollback.set_defaults(func=rollback_command)

    probe = commands.add_parser(
        "probe",
        help="run nova's own image client with a nova config file: "
             "create, snapshot upload, list, show, download, delete",
    )
    probe.add_argument("--config-file", required=True, metavar="FILE",
                       help="the nova config file to load")
    probe.add_argument("--image-size", type=int, default=8, metavar="MiB",
                       help="size of the probe image (default: 8)")
    probe.set_defaults(func=probe_command)


def probe_command(args):
    """nova's image paths with ``--config-file``, as ``--os-cloud``."""
    cloud_session, _ = session.connect(args.os_cloud)
    return novaimage.probe(args.config_file, cloud_session,
                           args.image_size * MIB)


def _add_config_files(parser):
    parser.add_argument(
        "--config-file", dest="config_files", action="append",
        required=True, metavar="FILE",
        help="a nova config file (repeat for several)",
    )


def _csv(value):
    return [item.strip() for item in value.split(",") if item.strip()]


def configure_command(args):
    """Plan every file, then write the changed ones (unless --dry-run)."""
    request = _request(args)
    paths = _check_paths(args.config_files)
    _check_backup_dir(args.backup_dir)
    lookup = _CatalogLookup(getattr(args, "os_cloud", None))
    plans = []
    for path in paths:
        doc = novaconf.parse(path, configfile.read_text(path))
        plans.append(novaconf.plan(doc, request, lookup))
    changes = {
        plan.path: configfile.Change(plan.path, plan.new_text)
        for plan in plans if plan.changed
    }
    if not args.dry_run:
        configfile.apply_changes(list(changes.values()), args.backup_dir)
    results = []
    for plan in plans:
        change = changes.get(plan.path)
        result = {
            "file": plan.path,
            "changed": plan.changed,
            "dry_run": args.dry_run,
            "backup": change.backup if change else None,
            "added": plan.added,
            "removed": plan.removed,
            "migrated": plan.migrated,
            "dropped": plan.dropped,
            "notes": plan.notes,
        }
        if args.diff:
            diff = configfile.unified_diff(
                plan.path, plan.old_text, plan.new_text
            )
            if getattr(args, "format", "table") == "json":
                result["diff"] = diff
            elif diff:
                # A diff reads badly inside a table cell; print it as is.
                sys.stdout.write(diff)
        results.append(result)
    return results


def rollback_command(args):
    """Restore each file from its backup; unchanged files are not written."""
    paths = _check_paths(args.config_files)
    if args.backup and len(paths) > 1:
        raise errors.BadInput("--backup takes one --config-file")
    chosen = []
    for path in paths:
        if args.backup:
            backup = args.backup
            if not os.path.isfile(backup):
                raise errors.BadInput(f"{backup}: no such backup")
        else:
            backups = configfile.find_backups(path, args.backup_dir)
            if not backups:
                where = args.backup_dir or "next to it"
                raise errors.BadInput(f"{path}: no backup found ({where})")
            backup = backups[-1]
        chosen.append((path, backup))
    results = []
    for path, backup in chosen:
        changed = configfile.restore(path, backup)
        results.append({"file": path, "backup": backup, "changed": changed})
    return results


def _request(args):
    mode = args.mode
    if args.api_servers and mode != "api_servers":
        raise errors.BadInput(f"--api-servers does not apply to --mode {mode}")
    if args.endpoint_override and mode != "endpoint_override":
        raise errors.BadInput(
            f"--endpoint-override does not apply to --mode {mode}"
        )
    if args.api_servers == []:
        raise errors.BadInput("--api-servers is empty")
    return novaconf.Request(
        mode=mode,
        api_servers=args.api_servers,
        endpoint_override=args.endpoint_override,
        region=args.region,
        interfaces=args.interfaces,
        cafile=args.cafile,
        insecure=args.insecure,
        force=args.force,
    )


def _check_paths(paths):
    seen = {}
    for path in paths:
        real = configfile.real_path(path)
        if real in seen:
            raise errors.BadInput(
                f"{path}: given twice (same file as {seen[real]})"
            )
        seen[real] = path
    return list(paths)


def _check_backup_dir(backup_dir):
    if backup_dir and not os.path.isdir(backup_dir):
        raise errors.BadInput(f"{backup_dir}: backup directory does not exist")


class _CatalogLookup:
    """The image url from the Keystone catalog, asked once per region.

    Only called when neither the command line nor the file names a url,
    so an offline run never builds a session.
    """

    def __init__(self, cloud):
        self.cloud = cloud
        self.session = None
        self.found = {}

    def __call__(self, region, interfaces):
        key = (region, tuple(interfaces))
        if key not in self.found:
            self.found[key] = self._look_up(region, interfaces)
        return self.found[key]

    def _look_up(self, region, interfaces):
        if not self.cloud:
            raise errors.BadInput(
                "the file does not say where glance is; pass --api-servers "
                "or --endpoint-override, or --os-cloud to read the Keystone "
                "catalog"
            )
        if self.session is None:
            self.session = session.get_session(self.cloud)
        for interface in interfaces:
            with session.service_errors("keystone"):
                try:
                    url = self.session.get_endpoint(
                        service_type="image", interface=interface,
                        region_name=region,
                    )
                except ks_exc.EndpointNotFound:
                    url = None
            if url:
                return url
        raise errors.CheckFailed(
            f"cloud {self.cloud}: no image endpoint in the catalog (region "
            f"{region or 'any'}, interfaces {','.join(interfaces)})"
        )
