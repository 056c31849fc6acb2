"""Edit the document as planned and prove the result says what we meant."""

import itertools
import re

import configupdater

from nova_glance_v2 import errors
from nova_glance_v2.novaconf import DEFAULT
from nova_glance_v2.novaconf import GLANCE
from nova_glance_v2.novaconf.document import Document
from nova_glance_v2.novaconf.document import normalize_section
from nova_glance_v2.novaconf.document import option_name
from nova_glance_v2.novaconf.document import split_list
from nova_glance_v2.novaconf.migrate import BOOL
from nova_glance_v2.novaconf.migrate import LEGACY_SECTIONS
from nova_glance_v2.novaconf.migrate import legacy_sections


def apply(doc, changes, plan):
    """Make ``changes`` (a :class:`.Changes`) in ``doc``: ``plan`` gets
    the new text and what was added and removed. The result is read back
    with oslo and must say what was planned (Internal otherwise)."""
    _Editor(doc, changes, plan).edit()


class _Editor:
    """One document's edit; new [glance] options a file without that
    section gets are collected for a section appended at the end."""

    def __init__(self, doc, changes, plan):
        self.doc = doc
        self.changes = changes
        self.plan = plan
        self.new_section = []  # (key, value) for a [glance] the file lacks

    def edit(self):
        doc, plan_ = self.doc, self.plan
        self.changes.remove -= {(GLANCE, key) for key in self.changes.target}
        for key, value in self.changes.target.items():
            self._set(key, value)
        for assignment in doc.assignments:
            if (assignment.section, assignment.key) not in self.changes.remove:
                continue
            plan_.removed.append(
                option_name(assignment.section, assignment.key)
            )
            option = doc.option(assignment)
            if option.container is not None:
                option.detach()
        for section in legacy_sections(doc):
            plan_.removed.append(
                f"[{normalize_section(section.name.strip())}]"
            )
            section.detach()
        self._drop_emptied_sections()
        new_text = doc.edited_text()
        if self.new_section:
            new_text += _separator(new_text) + f"[{GLANCE}]\n" + "".join(
                f"{key} = {value}\n" for key, value in self.new_section
            )
        plan_.new_text = _same_newlines(doc.text, new_text)
        plan_.removed = list(dict.fromkeys(plan_.removed))
        plan_.dropped = list(dict.fromkeys(plan_.dropped))
        if plan_.changed:
            _verify(doc, plan_.new_text, self.changes.target,
                    self.changes.remove)
        else:  # nothing changes: nothing added or removed either
            plan_.added, plan_.removed = {}, []

    def _drop_emptied_sections(self):
        """Remove a section we emptied ([ssl] after ca_file moved).

        Only when nothing is left in it, not even a comment, so no text
        of the user's is lost; [DEFAULT] and [glance] always stay.
        """
        emptied = ({section for section, _ in self.changes.remove}
                   - {DEFAULT, GLANCE})
        for section in self.doc.sections(emptied.__contains__):
            name = normalize_section(section.name.strip())
            if all(
                isinstance(block, configupdater.block.Space)
                for block in section.iter_blocks()
            ):
                self.plan.removed.append(f"[{name}]")
                section.detach()

    def _set(self, key, value):
        current = self.doc.get(GLANCE, key)
        if len(current) == 1 and _equal(key, current[0].value, value):
            return
        self.plan.added[option_name(GLANCE, key)] = value
        if current:
            # oslo reads the last one; keep its place, drop the others.
            self.doc.option(current[-1]).value = value
            for duplicate in current[:-1]:
                self.doc.option(duplicate).detach()
                self.plan.removed.append(option_name(GLANCE, key))
            return
        anchor_key = self.changes.anchors.get(key)
        anchor = self.doc.last(GLANCE, anchor_key) if anchor_key else None
        if anchor is not None and self.doc.option(anchor).container:
            # Where the legacy option was, so a reader finds it there.
            self.doc.option(anchor).add_before.option(key, value)
            return
        sections = self.doc.sections(GLANCE.__eq__)
        if sections:
            _append_option(sections[-1], key, value)
        else:
            self.new_section.append((key, value))


def _equal(key, old, new):
    old = old.strip()
    if key in ("api_servers", "valid_interfaces"):
        return split_list(old) == split_list(new)
    if key == "insecure":
        return BOOL.get(old.lower()) == BOOL.get(new.lower())
    return old == new


def _append_option(section, key, value):
    """Add after the section's last non-blank line, not after blanks."""
    blocks = [
        block for block in section.iter_blocks()
        if not isinstance(block, configupdater.block.Space)
    ]
    if blocks:
        blocks[-1].add_after.option(key, value)
    else:
        section.set(key, value)


def _separator(text):
    """Newlines to put before a section appended to ``text``."""
    if not text:
        return ""
    trailing = text[len(text.rstrip("\r\n")):].count("\n")
    return "\n" * max(0, 2 - trailing)


def _same_newlines(old, new):
    """Keep CRLF files CRLF: ConfigUpdater writes new lines with \\n."""
    if "\r\n" in old and "\n" not in old.replace("\r\n", ""):
        return re.sub(r"(?<!\r)\n", "\r\n", new)
    return new


def _verify(doc, new_text, target, remove):
    """Re-read the result with oslo and check it says what we planned.

    A bug in the editing must never reach a real nova.conf: every planned
    value is there once, every removed option is gone, and every other
    assignment is unchanged, in the same order.
    """
    new = Document(doc.path, new_text)

    def internal(what):
        return errors.Internal(
            f"{doc.path}: internal error: {what}; nothing changed"
        )

    for key, value in target.items():
        found = new.get(GLANCE, key)
        if len(found) != 1 or not _equal(key, found[0].value, value):
            raise internal(f"[glance] {key} not written as planned")
    for section, key in remove:
        if new.get(section, key):
            raise internal(f"{option_name(section, key)} still set")
    touched = set(remove) | {(GLANCE, key) for key in target}

    def untouched(document):
        return (
            (a.section, a.key, a.value) for a in document.assignments
            if (a.section, a.key) not in touched
            and a.section.split(":")[0] not in LEGACY_SECTIONS
        )

    if any(old != now for old, now in itertools.zip_longest(
            untouched(doc), untouched(new))):
        raise internal("an option we did not mean to change changed")
