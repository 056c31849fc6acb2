"""What each step of a nova.conf's plan decides, handed on explicitly.

:mod:`.locate` (where glance is) and :mod:`.migrate` (the legacy
options) each return a :class:`Changes` worked out from the document and
the request alone; :func:`.plan.plan` merges them in order and
:mod:`.edit` makes them in the document.
"""

import dataclasses


@dataclasses.dataclass
class Changes:
    """Options to write and to remove, and what to tell the user."""

    # [glance] key -> the value to write
    target: dict = dataclasses.field(default_factory=dict)
    # (section, key) of the options to take out
    remove: set = dataclasses.field(default_factory=set)
    # new [glance] key -> the [glance] key to put it by
    anchors: dict = dataclasses.field(default_factory=dict)
    # legacy option -> the option its value went to
    migrated: dict = dataclasses.field(default_factory=dict)
    # options removed with nothing taking their place
    dropped: list = dataclasses.field(default_factory=list)
    # what a person should know about the change
    notes: list = dataclasses.field(default_factory=list)

    def merge(self, later):
        """Add ``later``'s changes (where both decide, ``later`` wins);
        return self."""
        self.target.update(later.target)
        self.remove |= later.remove
        self.anchors.update(later.anchors)
        self.migrated.update(later.migrated)
        self.dropped += later.dropped
        self.notes += later.notes
        return self
