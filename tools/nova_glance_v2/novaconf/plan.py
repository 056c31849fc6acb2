"""Plan a nova.conf's migration: what the user asked and what changes.

The planner works in three steps, one module each: :mod:`.locate` finds
where glance is, :mod:`.migrate` moves or drops the legacy options and
:mod:`.edit` edits the document and checks the result.
"""

import dataclasses

from nova_glance_v2 import errors
from nova_glance_v2.novaconf import DEFAULT
from nova_glance_v2.novaconf import DEFAULT_MODE
from nova_glance_v2.novaconf import GLANCE
from nova_glance_v2.novaconf.document import option_name
from nova_glance_v2.novaconf.edit import EditDocument
from nova_glance_v2.novaconf.locate import LocateGlance
from nova_glance_v2.novaconf.migrate import MigrateLegacy


@dataclasses.dataclass
class Request:
    """What the user asked for (command-line values; None = not given)."""

    mode: str = DEFAULT_MODE
    api_servers: list | None = None
    endpoint_override: str | None = None
    region: str | None = None
    interfaces: list | None = None
    cafile: str | None = None
    insecure: bool = False
    force: bool = False

    @property
    def explicit_urls(self):
        if self.mode == "api_servers":
            return self.api_servers
        if self.mode == "endpoint_override" and self.endpoint_override:
            return [self.endpoint_override]
        return None


@dataclasses.dataclass
class Plan:
    """The outcome for one file: new text and what changed, for people."""

    path: str
    old_text: str
    new_text: str
    added: dict = dataclasses.field(default_factory=dict)
    removed: list = dataclasses.field(default_factory=list)
    migrated: dict = dataclasses.field(default_factory=dict)
    dropped: list = dataclasses.field(default_factory=list)
    notes: list = dataclasses.field(default_factory=list)

    @property
    def changed(self):
        return self.new_text != self.old_text


def plan(doc, request, catalog_url=None):
    """Work out the migrated text of ``doc`` for ``request``.

    ``catalog_url(region, interfaces)`` returns an unversioned image url
    from the Keystone catalog; it is only called when neither the command
    line nor the file says where glance is. Raises BadInput for conflicts
    and bad values; the file is never touched here.
    """
    return _Planner(doc, request, catalog_url).run()


class _Planner(LocateGlance, MigrateLegacy, EditDocument):
    """One file's plan; the steps live in their own modules."""

    def __init__(self, doc, request, catalog_url):
        self.doc = doc
        self.request = request
        self.catalog_url = catalog_url
        self.plan = Plan(doc.path, doc.text, doc.text)
        self.target = {}  # [glance] key -> value to write
        self.remove = set()  # (section, key) to take out
        self.anchors = {}  # new [glance] key -> [glance] key to put it by
        self.new_section = []  # options for a [glance] the file lacks

    def fail(self, message):
        raise errors.BadInput(f"{self.doc.path}: {message}")

    def where(self, assignment):
        return (
            f"{self.doc.path} line {assignment.lineno} "
            f"{option_name(assignment.section, assignment.key)}"
        )

    def run(self):
        self._drop_removed_options()
        self._locate_glance()
        self._migrate_simple()
        self._remove_other_modes()
        self._edit()
        return self.plan

    def _effective(self, key):
        """Assignments of ``[glance] key`` and its ``[DEFAULT]`` alias."""
        return self.doc.get(GLANCE, key) + self.doc.get(
            DEFAULT, f"glance_{key}"
        )

    @staticmethod
    def _winner(assignments):
        """oslo: the [glance] value wins over the [DEFAULT] alias; last."""
        in_glance = [a for a in assignments if a.section == GLANCE]
        return (in_glance or assignments)[-1]

    def _value(self, section, key):
        found = self.doc.last(section, key)
        return found.value.strip() if found else None
