"""Read a nova.conf as oslo.config does, with an editor on its lines."""

import dataclasses
import itertools

from oslo_config import iniparser

from nova_glance_v2 import errors
from nova_glance_v2 import inisyntax
from nova_glance_v2 import masking
from nova_glance_v2 import private_api
from nova_glance_v2.novaconf import DEFAULT
from nova_glance_v2.novaconf import GLANCE


def normalize_section(name):
    """oslo.config's group name normalisation (DEFAULT stays upper)."""
    return name if name == DEFAULT else name.lower()


def option_name(section, key):
    """``[section] key``, how the report and messages name an option."""
    return f"[{section}] {key}"


@dataclasses.dataclass(slots=True)
class Assignment:
    """One ``key = value`` as oslo.config read it."""

    section: str  # normalised
    key: str
    value: str
    lineno: int
    option: object = None  # the ConfigUpdater Option, once being edited


class _OsloReader(private_api.oslo_line_tracking_parser()):
    """Record assignments with their line, exactly as oslo parses them,
    and the line of every section header."""

    def __init__(self):
        super().__init__()
        self.section = None
        self.assignments = []
        self.headers = []  # (lineno, raw section name)

    def new_section(self, section):
        self.section = section
        self.headers.append((self.lineno, section))

    def assignment(self, key, value):
        if self.section is None:
            raise self.parse_exc(
                "Section must be started before assignment",
                self.assignment_start, "",
            )
        self.assignments.append(
            Assignment(
                normalize_section(self.section), key, "\n".join(value),
                self.assignment_start,
            )
        )


class _Block:
    """A section's lines, from its header to the next header; an editor
    (ConfigUpdater) of them is made only when the section is edited."""

    def __init__(self, name, first, lines, assignments):
        self.name = name  # normalised
        self.first = first  # the header's line number
        self.text = "".join(lines)
        self.assignments = assignments
        self.editor = None


class Document:
    """A parsed nova.conf: its text, oslo's reading and an editor.

    oslo.config reads the whole file. ConfigUpdater, far slower, reads a
    section only when the plan edits it (:meth:`sections`,
    :meth:`option`); every other section is kept as its text, so a large
    file with a small ``[glance]`` is cheap to migrate.
    """

    def __init__(self, path, text):
        self.path = path
        self.text = text
        lines = masking.lines(text)
        reader = _OsloReader()
        try:
            reader.parse(lines)
        except iniparser.ParseError as exc:
            # exc.line may hold a secret: name the line, do not quote it.
            raise errors.BadInput(
                f"{path}: line {exc.lineno}: cannot parse ({exc.msg})"
            ) from None
        self.assignments = reader.assignments
        self._head, self._blocks = _blocks(lines, reader)

    def get(self, section, key):
        """All assignments of ``[section] key``, in file order."""
        return [a for block in self._blocks if block.name == section
                for a in block.assignments if a.key == key]

    def last(self, section, key):
        """oslo's value of a single-valued option, or None if unset."""
        found = self.get(section, key)
        return found[-1] if found else None

    def value(self, section, key):
        """The stripped text of :meth:`last`, or None if unset."""
        found = self.last(section, key)
        return found.value.strip() if found else None

    def effective(self, key):
        """Assignments of ``[glance] key`` and its ``[DEFAULT]`` alias."""
        return self.get(GLANCE, key) + self.get(DEFAULT, f"glance_{key}")

    def where(self, assignment):
        """``FILE line N [section] key``, for messages."""
        return (f"{self.path} line {assignment.lineno} "
                f"{option_name(assignment.section, assignment.key)}")

    def fail(self, message):
        """Raise BadInput naming this file."""
        raise errors.BadInput(f"{self.path}: {message}")

    def sections(self, wanted):
        """The ConfigUpdater sections whose normalised name ``wanted(name)``
        accepts, in file order."""
        return [self._edit(block).section for block in self._blocks
                if wanted(block.name)]

    def option(self, assignment):
        """The ConfigUpdater option of ``assignment``, for editing."""
        if assignment.option is None:
            block = next(block for block in reversed(self._blocks)
                         if block.first < assignment.lineno)
            self._edit(block)
        return assignment.option

    def edited_text(self):
        """The text with the edits made through the editors."""
        return self._head + "".join(
            block.text if block.editor is None
            else inisyntax.text(block.editor.document)
            for block in self._blocks)

    def _edit(self, block):
        if block.editor is None:
            block.editor = _SectionEditor(self.path, block)
        return block.editor


def _blocks(lines, reader):
    """The text before the first section, and a :class:`_Block` a section
    header (a repeated section is a block each)."""
    starts = [lineno for lineno, _ in reader.headers]
    head = "".join(lines[:starts[0] - 1] if starts else lines)
    blocks, index = [], 0
    assignments = reader.assignments
    for number, (first, name) in enumerate(reader.headers):
        stop = (starts[number + 1] if number + 1 < len(starts)
                else len(lines) + 1)
        own = []
        while index < len(assignments) and assignments[index].lineno < stop:
            own.append(assignments[index])
            index += 1
        blocks.append(_Block(normalize_section(name), first,
                             lines[first - 1:stop - 1], own))
    return head, blocks


class _SectionEditor:
    """ConfigUpdater on one section's text, checked against oslo's reading
    of the same lines: never edit what the two parsers read differently."""

    def __init__(self, path, block):
        self.document = inisyntax.editor(path, block.text,
                                         empty_lines_in_values=False)
        sections = list(self.document.iter_sections())
        options = [option for section in sections
                   for option in section.iter_options()]
        seen = [option.raw_key.strip() for option in options]
        expected = [a.key for a in block.assignments]
        if (len(sections) != 1 or seen != expected
                or inisyntax.text(self.document) != block.text):
            bad = next(
                (a.lineno if a else block.first for a, key in
                 itertools.zip_longest(block.assignments, seen)
                 if a is None or a.key != key),
                block.first,
            )
            raise errors.BadInput(
                f"{path}: line {bad}: oslo.config and the editor read "
                "this file differently; refusing to edit it"
            )
        self.section = sections[0]
        for assignment, option in zip(block.assignments, options,
                                      strict=True):
            assignment.option = option


def parse(path, text):
    """Return a :class:`Document`; BadInput names file and line if bad."""
    return Document(path, text)


def winner(assignments):
    """oslo: the [glance] value wins over the [DEFAULT] alias; last."""
    in_glance = [a for a in assignments if a.section == GLANCE]
    return (in_glance or assignments)[-1]


def split_list(value):
    """The items of a comma separated option value."""
    return [item.strip() for item in value.split(",") if item.strip()]
