"""Read a nova.conf as oslo.config does, with an editor on its lines."""

import dataclasses

from oslo_config import iniparser

from nova_glance_v2 import errors
from nova_glance_v2 import inisyntax
from nova_glance_v2.novaconf import DEFAULT


def normalize_section(name):
    """oslo.config's group name normalisation (DEFAULT stays upper)."""
    return name if name == DEFAULT else name.lower()


def option_name(section, key):
    """``[section] key``, how the report and messages name an option."""
    return f"[{section}] {key}"


@dataclasses.dataclass
class Assignment:
    """One ``key = value`` as oslo.config read it."""

    section: str  # normalised
    key: str
    value: str
    lineno: int
    option: object = None  # the ConfigUpdater Option, for editing


class _OsloReader(iniparser.BaseParser):
    """Record assignments with their line, exactly as oslo parses them."""

    def __init__(self):
        super().__init__()
        self.section = None
        self.assignments = []
        self._start = 0

    def _split_key_value(self, line):
        self._start = self.lineno
        return super()._split_key_value(line)

    def new_section(self, section):
        self.section = section

    def assignment(self, key, value):
        if self.section is None:
            raise self.parse_exc(
                "Section must be started before assignment",
                self._start, "",
            )
        self.assignments.append(
            Assignment(
                normalize_section(self.section), key, "\n".join(value),
                self._start,
            )
        )


class Document:
    """A parsed nova.conf: its text, oslo's reading and an editor."""

    def __init__(self, path, text):
        self.path = path
        self.text = text
        reader = _OsloReader()
        try:
            reader.parse(text.splitlines(keepends=True))
        except iniparser.ParseError as exc:
            # exc.line may hold a secret: name the line, do not quote it.
            raise errors.BadInput(
                f"{path}: line {exc.lineno}: cannot parse ({exc.msg})"
            ) from None
        self.assignments = reader.assignments
        self.updater = _editor(path, text, self.assignments)

    def get(self, section, key):
        """All assignments of ``[section] key``, in file order."""
        return [
            a for a in self.assignments
            if a.section == section and a.key == key
        ]

    def last(self, section, key):
        """oslo's value of a single-valued option, or None if unset."""
        found = self.get(section, key)
        return found[-1] if found else None

    def sections(self, name):
        """The ConfigUpdater blocks of section ``name`` (normalised)."""
        return [
            s for s in self.updater.iter_sections()
            if normalize_section(s.name.strip()) == name
        ]


def parse(path, text):
    """Return a :class:`Document`; BadInput names file and line if bad."""
    return Document(path, text)


def _editor(path, text, assignments):
    # oslo's reading (``assignments``) is already done: only the editor's.
    updater = inisyntax.editor(path, text, empty_lines_in_values=False)
    options = [
        (normalize_section(section.name.strip()), option.raw_key.strip(),
         option)
        for section in updater.iter_sections()
        for option in section.iter_options()
    ]
    seen = [(s, k) for s, k, _ in options]
    expected = [(a.section, a.key) for a in assignments]
    if seen != expected or inisyntax.text(updater) != text:
        # Never edit a file two parsers read differently.
        bad = next(
            (a.lineno for a, s in zip(assignments, seen, strict=False)
             if (a.section, a.key) != s),
            None,
        )
        where = f"line {bad}: " if bad else ""
        raise errors.BadInput(
            f"{path}: {where}oslo.config and the editor read this file "
            "differently; refusing to edit it"
        )
    for assignment, (_, _, option) in zip(assignments, options, strict=True):
        assignment.option = option
    return updater


def split_list(value):
    """The items of a comma separated option value."""
    return [item.strip() for item in value.split(",") if item.strip()]
