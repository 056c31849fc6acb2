"""``nova-glance-v2-harness bench catalog|gate|nova-image|big-files``: our
registration vs devstack's, the main job's wall time, nova's image client
stock vs wrapper-free, and the CLI on oversized nova.conf files.

See :mod:`nova_glance_v2_harness.bench`,
:mod:`nova_glance_v2_harness.nova_image_bench` and
:mod:`nova_glance_v2_harness.big_files_bench`.
"""

from nova_glance_v2.cli import argtypes
from nova_glance_v2_harness.cli import cloud
from nova_glance_v2_harness.cli import gate as cli_gate


def register(subparsers):
    parser = subparsers.add_parser("bench", help="benchmarks")
    commands = parser.add_subparsers(dest="bench_command", required=True)
    bench = commands.add_parser(
        "catalog",
        help="register the image service both ways and compare the time",
    )
    bench.add_argument("--url", required=True,
                       help="the Glance url to register")
    bench.add_argument("--region", type=argtypes.one_line,
                       help="region (default: the cloud's)")
    bench.add_argument("--runs", type=int, default=1,
                       help="registrations each way (default: 1)")
    bench.set_defaults(func=bench_catalog)
    nova_image = commands.add_parser(
        "nova-image",
        help="nova's image client, stock vs wrapper-free, on the local "
             "cloud: glance requests, seconds, MiB/s, cp as reference")
    nova_image.add_argument(
        "--state-dir", default=".nova-glance-v2",
        help="the local cloud to run on (default: ./.nova-glance-v2)")
    nova_image.add_argument(
        "--repeat", type=argtypes.positive_int, default=4,
        help="runs of each nova, in alternating order; the figures are "
             "medians with their spread (default: 4)")
    nova_image.set_defaults(func=bench_nova_image)

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

    big_files = commands.add_parser(
        "big-files",
        help="nova-conf configure --dry-run on 10,000 api_servers (table "
             "and JSON) and on a 50 MB nova.conf ([glance] edited, then "
             "its big [DEFAULT] too): seconds, peak MiB")
    big_files.add_argument(
        "--api-servers", type=argtypes.positive_int, default=10_000,
        help="urls in the api_servers case (default: %(default)s)")
    big_files.add_argument(
        "--megabytes", type=argtypes.positive_int, default=50,
        help="size of the big file (default: %(default)s)")
    big_files.set_defaults(func=bench_big_files)


def bench_catalog(args):
    """Register the image service both ways; compare the time."""
    from nova_glance_v2_harness import bench

    return bench.bench_catalog(os_cloud=args.os_cloud, region=args.region,
                               url=args.url, runs=args.runs)


def bench_gate(args):
    """Run tools/gate once; its wall time against the targets."""
    from nova_glance_v2_harness.gate import bench

    return bench.bench_gate(checkout=cli_gate.CHECKOUT,
                            scenario=args.scenario,
                            ports=cloud.ports_of(args),
                            clean_clone=args.clean_clone)


def bench_nova_image(args):
    """The same image operations through the stock and wrapper-free nova."""
    from nova_glance_v2_harness.localcloud import cloud as cloud_mod
    from nova_glance_v2_harness.nova_image_bench import runner

    return runner.run(cloud_mod.LocalCloud(args.state_dir), args.repeat)


def bench_big_files(args):
    """Time the dry runs on the oversized files."""
    from nova_glance_v2_harness import big_files_bench

    return big_files_bench.run(args.api_servers, args.megabytes)
