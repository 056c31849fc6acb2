"""``nova-glance-v2 tempest-conf configure``.

Asks the cloud what it has and sets tempest's options to match (see
:mod:`nova_glance_v2.tempest`), writing the file the safe way: dry run,
masked diff, backup, atomic write keeping mode and owner.
"""


from nova_glance_v2 import configfile
from nova_glance_v2 import interfaces
from nova_glance_v2 import tempest
from nova_glance_v2.cli import argtypes


def register(subparsers):
    parser = subparsers.add_parser(
        "tempest-conf", help="configure tempest from what the cloud reports",
        description="tempest.conf from what the cloud reports (its "
                    "catalog, glance and nova).")
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
        "--endpoint-type", choices=interfaces.INTERFACES,
        help="interface tempest uses for image and compute (default: "
             "public if the catalog has it, else internal)")
    configure.add_argument(
        "--build-timeout", type=argtypes.positive_int, metavar="SECONDS",
        default=tempest.DEFAULT_BUILD_TIMEOUT,
        help="[image] build_timeout (default: %(default)s)")
    configure.add_argument(
        "--set", dest="overrides", action="append", default=[],
        metavar="SECTION.KEY=VALUE",
        help="set an option the cloud cannot report (e.g. "
             "image-feature-enabled.do_secure_hash=false); repeatable")
    configfile.add_write_options(configure)
    configure.set_defaults(func=configure_command)


def configure_command(args):
    """Configure ``--config-file`` for ``--os-cloud``."""
    from nova_glance_v2.tempest import configure
    from nova_glance_v2.tempest import settings

    overrides = dict(settings.parse_override(o) for o in args.overrides)
    return configure.configure(
        args.os_cloud, args.config_file, endpoint_type=args.endpoint_type,
        build_timeout=args.build_timeout, overrides=overrides,
        dry_run=args.dry_run, backup_dir=args.backup_dir)
