"""The private parts of other libraries this project still uses.

Each has no public equivalent; they live here, and only here, so that
``tests/unit/test_private_api.py`` fails as soon as a pinned library
changes one of them.

* argparse keeps a parser's sub-commands in ``_actions`` as a
  ``_SubParsersAction``; the CLI walks them to give every sub-command the
  shared options (``-f``, ``--debug``) after its name too.
* keystonemiddleware's ``_normalize_catalog`` turns a v3 catalog into
  the v2 layout nova receives in ``X-Service-Catalog``; ``nova-conf
  probe`` builds nova's RequestContext the same way.
* oslo.config's ``iniparser.BaseParser`` calls its ``_split_key_value``
  once on the first line of every assignment; nova.conf's reader
  (``novaconf/document.py``) hooks it to know the line an assignment
  starts on, which oslo does not pass to ``assignment()``.
* oslo.upgradecheck's ``UpgradeCommands`` runs the checks of its
  ``_upgrade_checks`` (the way its docs say to declare them, under a
  private name); ``upgrade check`` sets them per run and runs them
  itself for ``--json``.

The libraries are imported inside the functions: the command line
imports this module to build its parser, and loads none of them.
"""

import argparse
import functools


def subcommand_parsers(parser):
    """The parsers of ``parser``'s sub-commands (none for a leaf)."""
    return [child for action in parser._actions
            if isinstance(action, argparse._SubParsersAction)
            for child in action.choices.values()]


def normalize_catalog(catalog):
    """A v3 catalog in the layout keystonemiddleware hands to services."""
    from keystonemiddleware.auth_token import _request

    return _request._normalize_catalog(catalog)


@functools.cache
def oslo_line_tracking_parser():
    """oslo.config's ``BaseParser`` with ``assignment_start``: the line
    the assignment being parsed starts on."""
    from oslo_config import iniparser

    class LineTrackingParser(iniparser.BaseParser):
        assignment_start = 0

        def _split_key_value(self, line):
            self.assignment_start = self.lineno
            return super()._split_key_value(line)

    return LineTrackingParser


def set_upgrade_checks(commands, checks):
    """Give an ``UpgradeCommands`` its ``(name, callable)`` checks."""
    commands._upgrade_checks = tuple(checks)


def upgrade_checks(commands):
    """The ``(name, function)`` checks an ``UpgradeCommands`` runs; each
    function is called with the commands object."""
    return commands._upgrade_checks
