"""``nova-glance-v2 bench catalog``: our registration vs devstack's.

See :mod:`nova_glance_v2.bench`.
"""


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


def bench_catalog(args):
    """Register the image service both ways; compare the time."""
    from nova_glance_v2 import bench

    return bench.bench_catalog(args)
