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
"""

import argparse


def subcommand_parsers(parser):
    """The parsers of ``parser``'s sub-commands (none for a leaf)."""
    return [child for action in parser._actions
            if isinstance(action, argparse._SubParsersAction)
            for child in action.choices.values()]


def normalize_catalog(catalog):
    """A v3 catalog in the layout keystonemiddleware hands to services."""
    from keystonemiddleware.auth_token import _request

    return _request._normalize_catalog(catalog)
