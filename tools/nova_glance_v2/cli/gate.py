"""``nova-glance-v2 gate``: the one-machine reproduction of the gate job.

See :mod:`nova_glance_v2.gate`.
"""

from nova_glance_v2 import novaconf
from nova_glance_v2 import tempest


def register(subparsers):
    parser = subparsers.add_parser(
        "gate", help="run the one-machine reproduction of the gate job")
    parser.add_argument(
        "--state-dir", default=".nova-glance-v2/gate",
        help="the local cloud's state directory "
             "(default: ./.nova-glance-v2/gate)")
    parser.add_argument(
        "--keep-cloud", action="store_true",
        help="leave the local cloud running afterwards")
    parser.add_argument(
        "--nova-mode", choices=novaconf.MODES, default="api_servers",
        help="how nova finds glance (default: api_servers)")
    parser.add_argument(
        "--tempest-regex", default=tempest.IMAGE_REGEX,
        help="tests to run (default: %(default)s)")
    parser.add_argument(
        "--tempest-exclude-list", default=tempest.LOCAL_CLOUD_EXCLUDE_LIST,
        help="tests the local cloud cannot run, one regex a line "
             "(default: the project's list)")
    parser.add_argument(
        "--tempest-concurrency", type=int, default=2,
        help="tempest workers (default: 2, the machine's cores)")
    parser.set_defaults(func=gate_command)


def gate_command(args):
    """Run the gate; exit 1 when a step failed."""
    from nova_glance_v2 import gate

    return gate.run(args)
