"""Check that a config file parses the way oslo.config reads it.

Kept apart from :mod:`nova_glance_v2.configfile` so that the command
line's ``--help`` does not load oslo.config: commands import this when
they run.
"""

import configupdater
from oslo_config import iniparser

from nova_glance_v2 import errors
from nova_glance_v2 import masking


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
        _SyntaxChecker().parse(masking.lines(text))
    except iniparser.ParseError as exc:
        raise errors.BadInput(
            f"{path}: line {exc.lineno}: cannot parse ({exc.msg})"
        ) from None


def updater(path, text, **options):
    """Return a comment-preserving ConfigUpdater of ``text``, checked first.

    oslo.config's own parser runs first (:func:`check`), so an error names
    the line the way nova would; then :func:`editor`.
    """
    check(path, text)
    return editor(path, text, **options)


def editor(path, text, **options):
    """Return a comment-preserving ConfigUpdater of ``text``.

    What configupdater refuses (duplicate sections, a line before any
    section...) is BadInput naming the file. Option names keep their case,
    as oslo.config's do; ``options`` go to ConfigUpdater.
    """
    result = configupdater.ConfigUpdater(strict=False, **options)
    result.optionxform = str
    try:
        result.read_string(text, source=path)
    except configupdater.parser.ParsingError as exc:
        line = exc.errors[0][0] if getattr(exc, "errors", None) else "?"
        raise errors.BadInput(
            f"{path}: line {line}: cannot parse for editing"
        ) from None
    except Exception as exc:  # noqa: BLE001 - configparser's many errors
        raise errors.BadInput(
            f"{path}: cannot parse for editing ({type(exc).__name__})"
        ) from None
    return result


def text(document):
    """The text of a ConfigUpdater ``document``: ``str(document)``, in
    linear time.

    configupdater's ``Section.__str__`` appends a section's entries to one
    string one by one, which takes time quadratic in the section's size
    (a 10 MB ``[DEFAULT]`` took 73 s); this builds the same text with one
    join, from configupdater's public attributes.
    """
    parts = []
    for block in document.iter_blocks():
        if not isinstance(block, configupdater.Section):
            parts.append(str(block))
            continue
        entries = [str(entry) for entry in block.iter_blocks()]
        if block.updated:
            header = f"[{block.name}]{block.raw_comment}\n"
        else:
            header = "".join(block.lines)
            if entries and not header.endswith("\n"):
                header += "\n"
        parts.append(header)
        parts.extend(entries)
    return "".join(parts)
