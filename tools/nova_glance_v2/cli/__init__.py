"""The ``nova-glance-v2`` command line: argparse wiring only.

One module of this package per top-level command (:data:`COMMANDS`);
each has ``register(subparsers)`` and command functions taking the parsed
arguments and returning their data (or an
:class:`~nova_glance_v2.output.Result`). A command module imports its
domain code inside the command function, so that building the parser
loads no OpenStack library: ``nova-conf configure`` offline, as
devstack's post-config runs it, never imports openstacksdk or
glanceclient. This package owns the conventions the commands share:
``--os-cloud``, ``-f table|json``, ``--debug``, one-line errors on stderr
and the exit codes of :mod:`nova_glance_v2.errors`.
"""

import argparse
import logging
import os
import sys
from argparse import SUPPRESS

from nova_glance_v2 import errors
from nova_glance_v2 import output
from nova_glance_v2 import private_api

# The modules of this package that register a top-level command, in the
# order ``--help`` lists them.
COMMANDS = ("nova_conf", "nova_patch", "catalog", "tempest_conf",
            "tempest_run", "verify", "upgrade", "legacy")

LOG = logging.getLogger(__name__)


class _Parser(argparse.ArgumentParser):
    """argparse exits with 2 on usage errors already; keep it one line.

    A command whose exit code 2 means something else (``upgrade check``)
    sets ``bad_input_exit`` on its parsers, and the same default on its
    arguments for the errors its function raises.
    """

    bad_input_exit = errors.EXIT_BAD_INPUT

    def error(self, message):
        self.exit(self.bad_input_exit, f"{self.prog}: error: {message}\n")

    def parse_args(self, args=None, namespace=None):
        # argparse reports unknown arguments from the top parser, which
        # does not know the command's bad_input_exit; the namespace does.
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            self.exit(getattr(parsed, "bad_input_exit", self.bad_input_exit),
                      f"{self.prog}: error: unrecognized arguments: "
                      f"{' '.join(extras)}\n")
        return parsed


def _add_common_options(parser, defaults, cloud=True):
    """The options every command takes, before or after its name.

    ``cloud``: False for the commands of the local cloud, which make
    their own and take no --os-cloud.
    """
    if cloud:
        parser.add_argument(
            "--os-cloud",
            default=os.environ.get("OS_CLOUD") if defaults else SUPPRESS,
            help="cloud in clouds.yaml (default: $OS_CLOUD)",
        )
    parser.add_argument(
        "-f", "--format", choices=output.FORMATS,
        default="table" if defaults else SUPPRESS,
        help="output format (default: table)",
    )
    parser.add_argument(
        "--debug", action="store_true",
        default=False if defaults else SUPPRESS,
        help="log debug output and show tracebacks",
    )


def _leaf_parsers(parser):
    children = private_api.subcommand_parsers(parser)
    if not children:
        yield parser
    for child in children:
        yield from _leaf_parsers(child)


def _skip_tracing_hooks():
    """Keep keystoneauth from importing osprofiler's web hooks.

    keystoneauth imports ``osprofiler.web`` whenever it is installed (it
    is wherever glance, keystone or nova are) to add trace headers, which
    it sends only while a profiler runs in this process: never in the
    CLI. The import (oslo.config, webob...) costs about 0.1 s of the
    start-up of every command that talks to a cloud. ``None`` in
    ``sys.modules`` makes the import fail, as if osprofiler were absent;
    a module imported already (the CLI called in a process that
    profiles) is kept.
    """
    sys.modules.setdefault("osprofiler.web", None)


def build_parser(prog="nova-glance-v2",
                 description="Move nova onto the Glance image API v2.",
                 package=__name__, commands=COMMANDS,
                 local_cloud_commands=()):
    """The parser of every command, with the shared options on each.

    The arguments let the development harness (its own package and
    command) build its parser the same way from its own command modules:
    ``package`` holds one module per name in ``commands``;
    ``local_cloud_commands`` make their own cloud and take no --os-cloud.
    """
    parser = _Parser(prog=prog, description=description)
    _add_common_options(parser, defaults=True)
    subparsers = parser.add_subparsers(
        dest="command", required=True, parser_class=_Parser
    )
    for name in commands:
        # __import__ rather than importlib: it goes through the
        # interpreter's import, so 'python -X importtime' lists them.
        module = __import__(f"{package}.{name}", fromlist=["register"])
        module.register(subparsers)
    # As with the openstack client, '-f json' may follow the command name;
    # SUPPRESS keeps a leaf from overwriting a value given before it.
    for leaf in _leaf_parsers(parser):
        if leaf is not parser:
            _add_common_options(
                leaf, defaults=False,
                cloud=leaf.prog.split()[1] not in local_cloud_commands)
    return parser


def main(argv=None, parser_factory=build_parser):
    """Run one command; return its exit code.

    ``parser_factory``: the harness's command passes its own.
    """
    _skip_tracing_hooks()
    parser = parser_factory()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.debug else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    if not args.debug:
        # The libraries' own reports of a failure (nova's image client logs
        # a traceback per retry, keystoneauth a warning per discovery, and
        # deprecation warnings) are for --debug: the command says what
        # failed in one line.
        logging.captureWarnings(True)
        logging.getLogger().setLevel(logging.CRITICAL)
        logging.getLogger("nova_glance_v2").setLevel(logging.WARNING)
    try:
        result = args.func(args)
        if not isinstance(result, output.Result):
            result = output.Result(result)
        _print(result.data, args)
    except BrokenPipeError:
        # Whoever read our output (head, grep -q) has all it wanted.
        _silence_stdout()
        return errors.EXIT_OK
    except errors.NovaGlanceV2Error as exc:
        if args.debug:
            LOG.exception("command failed")
        print(f"{parser.prog}: error: {exc}", file=sys.stderr)
        if exc.exit_code == errors.EXIT_BAD_INPUT:
            return getattr(args, "bad_input_exit", errors.EXIT_BAD_INPUT)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug: still one line unless --debug
        if args.debug:
            raise
        print(
            f"{parser.prog}: internal error: {type(exc).__name__}: {exc} "
            "(rerun with --debug for the traceback)",
            file=sys.stderr,
        )
        return errors.EXIT_INTERNAL
    return result.exit_code


def _print(data, args):
    """Print ``data``; a table shows a write's diff only with --diff."""
    if data is None:
        return
    diff = ""
    if args.format == "table" and isinstance(data, dict) and "diff" in data:
        data = dict(data)
        diff = data.pop("diff") if getattr(args, "diff", False) else ""
        data.pop("diff", None)
    print(output.render(data, args.format))
    if diff:
        # A diff reads badly inside a table cell; print it as is.
        sys.stdout.write(diff)
    sys.stdout.flush()


def _silence_stdout():
    """Point stdout at /dev/null so the interpreter's final flush of a
    closed pipe raises nothing either."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)

