"""``nova-glance-v2-harness gate``: the one-machine reproduction of the
gate jobs.

See :mod:`nova_glance_v2_harness.gate`.
"""

import os

from nova_glance_v2 import novaconf
from nova_glance_v2.cli import tempest_run
from nova_glance_v2_harness import datafiles
from nova_glance_v2_harness.cli import cloud

# The checkout the gate runs from: playbooks/, zuul.d/.
CHECKOUT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__)))))
SCENARIOS = ("upgrade", "fresh")
# The compute image tests go through nova-api's image proxy.
FALLBACK_REGEX = r"^tempest\.api\.(image|compute\.images)"


def register(subparsers):
    parser = subparsers.add_parser(
        "gate", help="run the one-machine reproduction of the gate job",
        description=(
            "A fresh local cloud, then the scenario's steps, each a real "
            "nova-glance-v2 or ansible-playbook process; progress on "
            "stderr, the report in STATE_DIR/report/ (summary.json, "
            "index.html), a verdict. Exit 1 when a step failed, 2 on bad "
            "input (a busy port), 3 when a service is unreachable."))
    parser.add_argument(
        "--scenario", choices=SCENARIOS, default="upgrade",
        help="upgrade: a v1-era cloud upgraded by playbooks/upgrade.yaml, "
             "rolled back and upgraded again; fresh: a new cloud "
             "configured directly (default: upgrade)")
    parser.add_argument(
        "--nova", default="wrapper-free", metavar="wrapper-free|stock|PATH",
        help="the nova nova-api runs, as for 'cloud up --nova' "
             "(default: wrapper-free)")
    parser.add_argument(
        "--state-dir", default=".nova-glance-v2/gate",
        help="the local cloud's state directory "
             "(default: ./.nova-glance-v2/gate)")
    cloud.add_port_options(parser)
    parser.add_argument(
        "--keep-cloud", action="store_true",
        help="leave the local cloud running afterwards")
    parser.add_argument(
        "--nova-mode", choices=novaconf.MODES, default="api_servers",
        help="how nova finds glance in the fresh scenario "
             "(default: api_servers)")
    parser.add_argument(
        "--extra-host", action="append", default=[],
        metavar="NAME=FILE[,FILE]",
        help="upgrade scenario: one more inventory host whose nova config "
             "files (copied, not seeded) go through the same playbooks, "
             "e.g. a copy of a real deployment's nova.conf")
    parser.add_argument(
        "--tempest-regex",
        help="tests to run (default: the nova-glance-v2-tempest Zuul job's "
             f"tempest_test_regex, else {FALLBACK_REGEX})")
    parser.add_argument(
        "--tempest-exclude-list", default=datafiles.LOCAL_CLOUD_EXCLUDE_LIST,
        help="tests the local cloud cannot run, one regex a line, each "
             "after a comment giving the reason (default: the project's)")
    tempest_run.add_concurrency_option(parser, "--tempest-concurrency")
    parser.set_defaults(func=gate_command)


def gate_command(args):
    """Run the gate; the failed step's exit code, if one failed."""
    from nova_glance_v2_harness import gate
    from nova_glance_v2_harness.gate import context
    from nova_glance_v2_harness.gate import fidelity
    from nova_glance_v2_harness.gate import playbooks
    from nova_glance_v2_harness.gate import report

    result = gate.run(context.Options(
        scenario=args.scenario, nova=args.nova, state_dir=args.state_dir,
        ports=cloud.ports_of(args), keep_cloud=args.keep_cloud,
        nova_mode=args.nova_mode,
        extra_hosts=[playbooks.parse_extra_host(text)
                     for text in args.extra_host],
        tempest_regex=(fidelity.job_regex(CHECKOUT) or FALLBACK_REGEX
                       if args.tempest_regex is None
                       else args.tempest_regex),
        tempest_exclude_list=args.tempest_exclude_list,
        tempest_concurrency=args.tempest_concurrency, checkout=CHECKOUT))
    if args.format == "table":
        # The whole summary is in the report (and -f json); a person
        # reads the verdict, the steps and where to look.
        result.data = report.brief(result.data)
    return result
