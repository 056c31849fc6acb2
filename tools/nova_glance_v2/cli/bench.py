"""``nova-glance-v2 bench catalog|gate``: our registration vs devstack's,
and the main job's wall time.

See :mod:`nova_glance_v2.bench`.
"""


from nova_glance_v2.cli import cloud
from nova_glance_v2.cli import gate as cli_gate


def register(subparsers):
    parser = subparsers.add_parser("bench", help="benchmarks")
    commands = parser.add_subparsers(dest="bench_command", required=True)
    bench = commands.add_parser(
        "catalog",
        help="register the image service both ways and compare the time",
    )
    bench.add_argument("--url", required=True,
                       help="the Glance url to register")
    bench.add_argument("--region", help="region (default: the cloud's)")
    bench.add_argument("--runs", type=int, default=1,
                       help="registrations each way (default: 1)")
    bench.set_defaults(func=bench_catalog)

    gate = commands.add_parser(
        "gate", help="time tools/gate against its targets (5 min with the "
                     "venv installed, 10 min from a clean clone)")
    gate.add_argument("--scenario", choices=cli_gate.SCENARIOS,
                      default="upgrade")
    gate.add_argument("--clean-clone", action="store_true",
                      help="run from a fresh git clone of this checkout "
                           "(creates its venv)")
    cloud.add_port_options(gate)
    gate.set_defaults(func=bench_gate)


def bench_catalog(args):
    """Register the image service both ways; compare the time."""
    from nova_glance_v2 import bench

    return bench.bench_catalog(args)


def bench_gate(args):
    """Run tools/gate once; its wall time against the targets."""
    from nova_glance_v2.gate import bench

    args.ports = cloud.ports_of(args)
    return bench.bench_gate(args, cli_gate.CHECKOUT)
