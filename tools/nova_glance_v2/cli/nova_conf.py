"""``nova-glance-v2 nova-conf configure|rollback|probe``.

``configure`` points nova's ``[glance]`` at the image API v2 in one of
three ways and migrates every legacy glance option on the way (see
:mod:`nova_glance_v2.novaconf`); ``rollback`` puts a backup back. Several
``--config-file`` are handled as one change (:mod:`.novaconf.configure`).
``probe`` runs nova's own image client with a file (see
:mod:`nova_glance_v2.checks.novaimage`).

Glance urls come from the command line, else from the file, else from the
Keystone catalog of ``--os-cloud``; only the last needs the network.
"""

from nova_glance_v2 import configfile
from nova_glance_v2 import errors
from nova_glance_v2 import novaconf
from nova_glance_v2.cli import argtypes


def register(subparsers):
    parser = subparsers.add_parser(
        "nova-conf", help="configure nova's [glance] for the image API v2",
        description="nova's [glance] options: configure them for the "
                    "image API v2, roll a file back, or probe a file with "
                    "nova's own image client.")
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
        "--api-servers", type=argtypes.csv_list, metavar="URL[,URL...]",
        help="glance urls for --mode api_servers",
    )
    configure.add_argument(
        "--endpoint-override", metavar="URL",
        help="the glance url for --mode endpoint_override",
    )
    configure.add_argument(
        "--region", type=argtypes.one_line, metavar="REGION",
        help="[glance] region_name for --mode catalog; also the region of a "
        "catalog look-up",
    )
    configure.add_argument(
        "--interfaces", type=argtypes.interface_list, metavar="IF[,IF...]",
        help="[glance] valid_interfaces for --mode catalog (default: the "
        "file's, else internal,public); also the interfaces of a catalog "
        "look-up",
    )
    configure.add_argument(
        "--cafile", type=argtypes.one_line, metavar="FILE",
        help="set [glance] cafile"
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
        description="Put back the newest backup 'nova-conf configure' "
                    "made of FILE (or --backup), byte for byte, keeping "
                    "the file's mode and owner.",
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
    configfile.add_dry_run_options(rollback)
    rollback.set_defaults(func=rollback_command)

    probe = commands.add_parser(
        "probe",
        help="run nova's own image client with a nova config file: "
             "create, snapshot upload, list, show, download, delete",
        description="Run nova's own image client (nova.image.glance, the "
                    "nova installed here or $NOVA_GLANCE_V2_NOVA_PATH) "
                    "with the nova config file against the cloud: create, "
                    "snapshot upload, list, show, download and delete an "
                    "image. Exit 1 on a failed operation, 3 when glance or "
                    "keystone cannot be reached.",
    )
    probe.add_argument("--config-file", required=True, metavar="FILE",
                       help="the nova config file to load")
    probe.add_argument("--image-size", type=argtypes.positive_int,
                       default=8, metavar="MiB",
                       help="size of the probe image (default: 8)")
    probe.set_defaults(func=probe_command)


def probe_command(args):
    """nova's image paths with ``--config-file``, as ``--os-cloud``."""
    from nova_glance_v2 import inisyntax
    from nova_glance_v2 import session
    from nova_glance_v2.checks import MIB
    from nova_glance_v2.checks import novaimage

    # The file first: nothing is contacted for a file nova cannot read.
    inisyntax.check(args.config_file, configfile.read_text(args.config_file))
    cloud = session.connect(args.os_cloud)
    return novaimage.probe(args.config_file, cloud.session,
                           args.image_size * MIB)


def _add_config_files(parser):
    parser.add_argument(
        "--config-file", dest="config_files", action="append",
        required=True, metavar="FILE",
        help="a nova config file (repeat for several)",
    )


def configure_command(args):
    """Plan every file, then write the changed ones (unless --dry-run)."""
    from nova_glance_v2.novaconf import configure

    request = _request(args)
    planned = configure.configure(
        args.config_files, request, getattr(args, "os_cloud", None),
        backup_dir=args.backup_dir, dry_run=args.dry_run)
    return configure.report(planned, args.dry_run)


def rollback_command(args):
    """Restore each file from its backup; unchanged files are not written."""
    from nova_glance_v2.novaconf import configure

    return configure.rollback(args.config_files, args.backup,
                              args.backup_dir, dry_run=args.dry_run)


def _request(args):
    mode = args.mode
    if args.api_servers and mode != "api_servers":
        raise errors.BadInput(f"--api-servers does not apply to --mode {mode}")
    if args.endpoint_override and mode != "endpoint_override":
        raise errors.BadInput(
            f"--endpoint-override does not apply to --mode {mode}"
        )
    from nova_glance_v2.novaconf import plan

    return plan.Request(
        mode=mode,
        api_servers=args.api_servers,
        endpoint_override=args.endpoint_override,
        region=args.region,
        interfaces=args.interfaces,
        cafile=args.cafile,
        insecure=args.insecure,
        force=args.force,
    )
