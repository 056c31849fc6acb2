"""The ``nova-glance-v2`` command line.

Each command module registers its sub-commands through ``register``;
every command is a function taking the parsed arguments and returning its
data (or an :class:`~nova_glance_v2.output.Result`). This module owns the
conventions they share: ``--os-cloud``, ``-f table|json``, ``--debug``,
one-line errors on stderr and the exit codes of
:mod:`nova_glance_v2.errors`.
"""

import argparse
import logging
import os
import sys

from nova_glance_v2 import errors
from nova_glance_v2 import output
from nova_glance_v2.localcloud import commands as cloud_commands

COMMAND_MODULES = (cloud_commands,)

LOG = logging.getLogger(__name__)


class _Parser(argparse.ArgumentParser):
    """argparse exits with 2 on usage errors already; keep it one line."""

    def error(self, message):
        self.exit(errors.EXIT_BAD_INPUT, f"{self.prog}: error: {message}\n")


def build_parser():
    parser = _Parser(
        prog="nova-glance-v2",
        description="Move nova onto the Glance image API v2.",
    )
    parser.add_argument(
        "--os-cloud",
        default=os.environ.get("OS_CLOUD"),
        help="cloud in clouds.yaml (default: $OS_CLOUD)",
    )
    parser.add_argument(
        "-f", "--format", choices=output.FORMATS, default="table",
        help="output format (default: table)",
    )
    parser.add_argument(
        "--debug", action="store_true",
        help="log debug output and show tracebacks",
    )
    subparsers = parser.add_subparsers(
        dest="command", required=True, parser_class=_Parser
    )
    for module in COMMAND_MODULES:
        module.register(subparsers)
    return parser


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.debug else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        result = args.func(args)
    except errors.NovaGlanceV2Error as exc:
        if args.debug:
            LOG.exception("command failed")
        print(f"nova-glance-v2: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug: still one line unless --debug
        if args.debug:
            raise
        print(
            f"nova-glance-v2: error: unexpected {type(exc).__name__}: {exc} "
            "(rerun with --debug for the traceback)",
            file=sys.stderr,
        )
        return errors.EXIT_CHECK_FAILED
    if not isinstance(result, output.Result):
        result = output.Result(result)
    if result.data is not None:
        print(output.render(result.data, args.format))
    return result.exit_code


if __name__ == "__main__":
    sys.exit(main())
