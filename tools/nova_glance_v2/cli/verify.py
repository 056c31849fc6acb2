"""``nova-glance-v2 verify``: the image path, end to end, step by step.

See :mod:`nova_glance_v2.checks.verify` for the steps.
"""

from nova_glance_v2 import configfile
from nova_glance_v2 import interfaces
from nova_glance_v2.cli import argtypes


def register(subparsers):
    parser = subparsers.add_parser(
        "verify", help="check the whole image path, end to end",
        description="Check the image path step by step: the catalog, "
                    "version discovery at each interface, a "
                    "python-glanceclient v2 round trip, nova's own image "
                    "client with --nova-conf, and nova-api's image proxy. "
                    "Exit 1 on a failed check, 3 when a service cannot be "
                    "reached; every image made is deleted again.")
    parser.add_argument(
        "--nova-conf", metavar="FILE",
        help="run nova's own image client with this nova config file")
    parser.add_argument(
        "--image-size", type=argtypes.positive_int, default=8, metavar="MiB",
        help="size of the test images (default: 8)")
    parser.add_argument(
        "--region", type=argtypes.one_line,
        help="region to check (default: the cloud's)")
    parser.add_argument(
        "--interfaces", type=argtypes.interface_list,
        default=interfaces.REGISTERED_INTERFACES, metavar="IF[,IF...]",
        help="interfaces that must lead to glance v2; the first is used "
             "for the round trips (default: "
             f"{','.join(interfaces.REGISTERED_INTERFACES)})")
    parser.set_defaults(func=verify_command)


def verify_command(args):
    """Run the steps; print their table; exit 1 or 3 on a failed step."""
    from nova_glance_v2 import inisyntax
    from nova_glance_v2 import session as session_mod
    from nova_glance_v2.checks import steps
    from nova_glance_v2.checks import verify

    if args.nova_conf:
        # Checked before anything is contacted or uploaded.
        inisyntax.check(args.nova_conf, configfile.read_text(args.nova_conf))
    cloud = session_mod.connect(args.os_cloud, args.region)
    verification = verify.Verification(
        cloud.session, cloud.region, args.interfaces,
        args.nova_conf, args.image_size)
    return steps.run(verification.steps())
