"""The ``nova-glance-v2-harness`` command line: argparse wiring only.

``cloud``, ``gate`` and ``bench``, one module each, built and run with
the product's conventions (:mod:`nova_glance_v2.cli`: ``-f table|json``,
``--debug``, one-line errors, the exit codes of
:mod:`nova_glance_v2.errors`).
"""

from nova_glance_v2 import cli as product_cli

# The modules of this package that register a top-level command, in the
# order ``--help`` lists them.
COMMANDS = ("cloud", "gate", "bench")
# The commands that make their own local cloud: no --os-cloud for them.
LOCAL_CLOUD_COMMANDS = ("cloud", "gate")


def build_parser():
    """The harness's parser."""
    return product_cli.build_parser(
        prog="nova-glance-v2-harness",
        description="nova-glance-v2's development harness: a local cloud, "
                    "the one-machine gate and the benchmarks.",
        package=__name__, commands=COMMANDS,
        local_cloud_commands=LOCAL_CLOUD_COMMANDS)


def main(argv=None):
    """Run one command; return its exit code."""
    return product_cli.main(argv, build_parser)
