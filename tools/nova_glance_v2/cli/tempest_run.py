"""``nova-glance-v2 tempest-run``: tempest in a workspace, summed up.

Runs tempest with a regex and an exclude list and reports counts,
failures and the slowest tests (:mod:`nova_glance_v2.tempest.run`).
"""

import sys

from nova_glance_v2 import errors
from nova_glance_v2 import output
from nova_glance_v2 import tempest
from nova_glance_v2.cli import argtypes


def register(subparsers):
    run = subparsers.add_parser(
        "tempest-run",
        help="run tempest in a workspace and report counts and timings",
        description=(
            "Run 'tempest run --regex R --exclude-list F' in WORKSPACE "
            "(created with 'tempest init' if missing) and report passed, "
            "skipped, failed and excluded tests and the slowest ones; "
            "running counts go to stderr every 10 s. "
            "Exit 1 when a test failed or ran longer than --max-seconds."),
    )
    run.add_argument("--workspace", required=True, metavar="DIR",
                     help="tempest workspace (etc/tempest.conf inside)")
    run.add_argument("--regex", default=tempest.IMAGE_REGEX,
                     help="tests to run (default: %(default)s)")
    run.add_argument(
        "--exclude-list", metavar="FILE",
        help="exclude list, one regex a line, each after a comment giving "
             "the reason (default: none)")
    add_concurrency_option(run, "--concurrency")
    run.add_argument("--max-seconds", type=float,
                     default=tempest.MAX_TEST_SECONDS,
                     help="longest a single test may take "
                          "(default: %(default)s)")
    run.add_argument("--timeout", type=float, default=3600,
                     help="give up on the whole run after this many "
                          "seconds (default: %(default)s)")
    run.set_defaults(func=run_command)


def add_concurrency_option(parser, flag):
    """Tempest's worker count as ``flag`` (the gate's is
    ``--tempest-concurrency``): a whole number above zero."""
    parser.add_argument(
        flag, type=argtypes.positive_int,
        default=tempest.DEFAULT_CONCURRENCY,
        help="tempest workers (default: %(default)s, the cores this "
             "process may use)")


def _progress(line):
    # Running counts go to stderr: stdout carries only the report.
    print(line, file=sys.stderr, flush=True)


def run_command(args):
    """Run tempest; exit 1 on a failed or too slow test."""
    from nova_glance_v2.tempest import run

    result = run.run(
        args.workspace, regex=args.regex, exclude_list=args.exclude_list,
        concurrency=args.concurrency, timeout=args.timeout,
        progress=_progress)
    problems = run.problems(result, args.max_seconds)
    data = result.as_dict()
    data["problems"] = problems
    return output.Result(data, errors.EXIT_CHECK_FAILED if problems
                         else errors.EXIT_OK)
