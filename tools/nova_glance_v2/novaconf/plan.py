"""Plan a nova.conf's migration: what the user asked and what changes.

Three steps, one module each, handing :class:`.changes.Changes` on
explicitly: :mod:`.locate` finds where glance is, :mod:`.migrate` moves
or drops the legacy options, and :mod:`.edit` makes the changes in the
document and checks the result.
"""

import dataclasses

from nova_glance_v2.novaconf import DEFAULT_MODE
from nova_glance_v2.novaconf import edit
from nova_glance_v2.novaconf import locate
from nova_glance_v2.novaconf import migrate


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
    changes = migrate.drop_removed(doc)
    changes.merge(locate.GlanceLocator(doc, request, catalog_url).locate())
    changes.merge(migrate.migrate_renamed(doc, request))
    changes.merge(migrate.remove_other_modes(doc, request.mode))
    result = Plan(doc.path, doc.text, doc.text, migrated=changes.migrated,
                  dropped=changes.dropped, notes=changes.notes)
    edit.apply(doc, changes, result)
    return result
