"""``nova-glance-v2 upgrade check`` (oslo.upgradecheck's conventions).

Exit codes as ``nova-status upgrade check``: 0 all Success, 1 a Warning,
2 a Failure; bad input or usage is 5 here (2 elsewhere), a service
unreachable 3, an internal error 4. See
:mod:`nova_glance_v2.checks.upgrade` for the checks.
"""

from nova_glance_v2 import errors
from nova_glance_v2 import interfaces
from nova_glance_v2.cli import argtypes


def register(subparsers):
    parser = subparsers.add_parser(
        "upgrade", help="upgrade readiness checks (oslo.upgradecheck)",
        description="Upgrade readiness checks, as nova-status upgrade "
                    "check runs them (oslo.upgradecheck).")
    parser.bad_input_exit = errors.EXIT_UPGRADE_BAD_INPUT
    commands = parser.add_subparsers(dest="upgrade_command", required=True)
    check = commands.add_parser(
        "check", help="check catalog, nova config files and tempest.conf",
        description=(
            "Check the Keystone catalog (with --os-cloud), nova config "
            "files and a tempest.conf for what the move to the Image API "
            "v2 needs. Exit 0 all Success, 1 a Warning, 2 a Failure (as "
            "nova-status upgrade check), 3 a service unreachable, 4 an "
            "internal error, 5 bad input or usage."))
    check.bad_input_exit = errors.EXIT_UPGRADE_BAD_INPUT
    check.set_defaults(bad_input_exit=errors.EXIT_UPGRADE_BAD_INPUT)
    check.add_argument("--nova-conf", action="append", metavar="FILE",
                       help="a nova config file (repeat for several)")
    check.add_argument("--tempest-conf", metavar="FILE",
                       help="a tempest.conf to check for legacy options")
    check.add_argument("--region", type=argtypes.one_line,
                       help="region (default: the cloud's)")
    check.add_argument(
        "--interfaces", type=argtypes.interface_list,
        default=interfaces.VALID_INTERFACES, metavar="IF[,IF...]",
        help="interfaces nova may use (default: "
             f"{','.join(interfaces.VALID_INTERFACES)})")
    check.add_argument("--json", action="store_true",
                       help="JSON output, as oslo.upgradecheck's --json")
    check.set_defaults(func=check_command)


def check_command(args):
    """Check catalog, nova config files and tempest.conf."""
    from nova_glance_v2.checks import upgrade

    if args.json:
        # oslo.upgradecheck's --json is this CLI's -f json.
        args.format = "json"
    return upgrade.check_command(
        as_json=args.format == "json", os_cloud=args.os_cloud,
        region=args.region, valid_interfaces=args.interfaces,
        nova_confs=args.nova_conf, tempest_conf=args.tempest_conf)
