"""``nova-glance-v2 legacy seed``: v1-era state for upgrade-path jobs.

See :mod:`nova_glance_v2.legacy.seed`.
"""

from nova_glance_v2 import configfile
from nova_glance_v2.cli import argtypes


def register(subparsers):
    parser = subparsers.add_parser(
        "legacy", help="v1-era state for upgrade-path jobs and tests",
        description="Put a cloud back into a v1-era state, for the jobs "
                    "and tests that walk the upgrade path.")
    commands = parser.add_subparsers(dest="legacy_command", required=True)
    seed = commands.add_parser(
        "seed", help="versioned and duplicate image endpoints in the "
                     "catalog (with --os-cloud), host/port/protocol in "
                     "nova config files",
        description="Register versioned and duplicate image endpoints in "
                    "the catalog (with --os-cloud, --catalog) and write "
                    "the legacy [glance] host/port/protocol into nova "
                    "config files, each backed up first, so that the "
                    "upgrade path has something to upgrade.")
    seed.add_argument("--url", required=True,
                      help="glance's unversioned url (e.g. $GLANCE_URL)")
    seed.add_argument("--catalog", action="store_true",
                      help="seed the Keystone catalog of --os-cloud")
    seed.add_argument("--region", type=argtypes.one_line,
                      help="region (default: the cloud's)")
    seed.add_argument("--nova-conf", action="append", metavar="FILE",
                      help="a nova config file to seed (repeat)")
    configfile.add_dry_run_options(seed)
    seed.set_defaults(func=seed_command)


def seed_command(args):
    """Seed the catalog (``--catalog``) and/or ``--nova-conf`` files."""
    from nova_glance_v2.legacy import seed

    return seed.seed(args.url, cloud=args.os_cloud, region=args.region,
                     catalog=args.catalog, nova_confs=args.nova_conf or (),
                     dry_run=args.dry_run)
