"""Check that a config file parses the way oslo.config reads it.

Kept apart from :mod:`nova_glance_v2.configfile` so that the command
line's ``--help`` does not load oslo.config: commands import this when
they run.
"""

from oslo_config import iniparser

from nova_glance_v2 import errors


class _SyntaxChecker(iniparser.BaseParser):
    """oslo.config's parser, keeping nothing; options before any section
    are an error, as oslo.config reports them."""

    section = None

    def new_section(self, section):
        self.section = section

    def assignment(self, key, value):
        if self.section is None:
            raise self.parse_exc(
                "Section must be started before assignment", self.lineno, "")

    def parse_exc(self, msg, lineno, line=None):
        return iniparser.ParseError(msg, lineno, "")


def check(path, text):
    """Raise BadInput naming the first line oslo.config cannot parse.

    The message never quotes the line: it may hold a password.
    """
    try:
        _SyntaxChecker().parse(text.splitlines(keepends=True))
    except iniparser.ParseError as exc:
        raise errors.BadInput(
            f"{path}: line {exc.lineno}: cannot parse ({exc.msg})"
        ) from None
