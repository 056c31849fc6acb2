"""The legacy glance options: where each one went, or that none did."""

from nova_glance_v2.novaconf import DEFAULT
from nova_glance_v2.novaconf import GLANCE
from nova_glance_v2.novaconf import MODE_OPTIONS
from nova_glance_v2.novaconf.changes import Changes
from nova_glance_v2.novaconf.document import normalize_section
from nova_glance_v2.novaconf.document import option_name
from nova_glance_v2.novaconf.document import winner

# Legacy option -> where nova reads it today (or None: nothing does).
# [glance] host/port/protocol/api_servers are handled as urls in plan().
LEGACY = {
    (DEFAULT, "glance_host"): (GLANCE, "api_servers"),
    (DEFAULT, "glance_port"): (GLANCE, "api_servers"),
    (DEFAULT, "glance_protocol"): (GLANCE, "api_servers"),
    (DEFAULT, "glance_api_servers"): (GLANCE, "api_servers"),
    (GLANCE, "host"): (GLANCE, "api_servers"),
    (GLANCE, "port"): (GLANCE, "api_servers"),
    (GLANCE, "protocol"): (GLANCE, "api_servers"),
    (DEFAULT, "glance_api_insecure"): (GLANCE, "insecure"),
    (GLANCE, "api_insecure"): (GLANCE, "insecure"),
    (DEFAULT, "glance_num_retries"): (GLANCE, "num_retries"),
    ("ssl", "ca_file"): (GLANCE, "cafile"),
    (DEFAULT, "allowed_direct_url_schemes"): None,
    (GLANCE, "allowed_direct_url_schemes"): None,
    (DEFAULT, "use_glance_v1"): None,
    (GLANCE, "use_glance_v1"): None,
}
# Whole sections nova no longer reads (image_file_url:<name> included).
LEGACY_SECTIONS = ("image_file_url",)

# oslo.config's boolean spellings.
BOOL = {
    "true": True, "1": True, "yes": True, "on": True,
    "false": False, "0": False, "no": False, "off": False,
}


def drop_removed(doc):
    """Legacy options and sections nothing reads any more: removed."""
    changes = Changes()
    for (section, key), successor in LEGACY.items():
        if successor is None and doc.get(section, key):
            changes.remove.add((section, key))
            changes.dropped.append(option_name(section, key))
    for section in legacy_sections(doc):
        changes.dropped.append(
            f"[{normalize_section(section.name.strip())}]")
    return changes


def legacy_sections(doc):
    """The ConfigUpdater sections of :data:`LEGACY_SECTIONS` in ``doc``."""
    return doc.sections(lambda name: name.split(":")[0] in LEGACY_SECTIONS)


def remove_other_modes(doc, mode):
    """The [glance] options of the modes other than ``mode``: removed, so
    nova cannot pick an endpoint we did not mean."""
    changes = Changes()
    own = MODE_OPTIONS[mode]
    for keys in MODE_OPTIONS.values():
        for key in keys:
            if key not in own and doc.get(GLANCE, key):
                changes.remove.add((GLANCE, key))
    return changes


def migrate_renamed(doc, request):
    """insecure, cafile and num_retries: moved from their legacy names,
    the request's --insecure and --cafile applied."""
    return _Renames(doc).migrate(request)


class _Renames:
    """Moves renamed options into [glance]; the live or forced value
    wins over the legacy ones."""

    def __init__(self, doc):
        self.doc = doc
        self.changes = Changes()

    def migrate(self, request):
        if request.insecure and request.cafile:
            self.doc.fail("--insecure and --cafile contradict each other")
        legacy_insecure = [(GLANCE, "api_insecure"),
                           (DEFAULT, "glance_api_insecure")]
        forced = "true" if request.insecure else None
        if request.cafile and self._insecure_now(legacy_insecure):
            # A cafile is only read when TLS is verified: an insecure
            # left on (or migrated) would silently ignore it.
            forced = "false"
            self.changes.notes.append(
                "[glance] insecure was true: set to false, so that TLS is "
                "verified with --cafile (--insecure keeps it off)")
        self._migrate_one("insecure", legacy_insecure, bool_text, forced)
        self._migrate_one("cafile", [("ssl", "ca_file")], str.strip,
                          request.cafile)
        self._migrate_one(
            "num_retries", [(DEFAULT, "glance_num_retries")], int_text,
            None,
        )
        return self.changes

    def _insecure_now(self, legacy):
        """True if nova (or, once migrated, the legacy option) skips TLS
        verification."""
        current = self.doc.last(GLANCE, "insecure")
        if current is None:
            found = [a for section, key in legacy
                     for a in self.doc.get(section, key)]
            current = winner(found) if found else None
        return current is not None and BOOL.get(
            current.value.strip().lower(), False)

    def _migrate_one(self, new_key, legacy, convert, forced):
        """Move a renamed option; the live or forced value wins."""
        found = [
            assignment for section, key in legacy
            for assignment in self.doc.get(section, key)
        ]
        if not found and forced is None:
            return
        current = self.doc.last(GLANCE, new_key)
        if forced is not None:
            chosen = forced
        elif current is not None:
            chosen = current.value.strip()
        else:
            chosen = self._convert(winner(found), convert)
        self.changes.target[new_key] = chosen
        for assignment in found:
            value = self._convert(assignment, convert)
            source = option_name(assignment.section, assignment.key)
            self.changes.remove.add((assignment.section, assignment.key))
            self.changes.migrated[source] = option_name(GLANCE, new_key)
            if value != chosen:
                self.changes.notes.append(
                    f"{source}={value} ({self.doc.where(assignment)}) not "
                    f"kept: {option_name(GLANCE, new_key)}={chosen} wins"
                )
        in_glance = [a.key for a in found if a.section == GLANCE]
        if in_glance:
            self.changes.anchors[new_key] = in_glance[0]

    def _convert(self, assignment, convert):
        try:
            return convert(assignment.value)
        except (KeyError, ValueError):
            self.doc.fail(
                f"line {assignment.lineno} "
                f"{option_name(assignment.section, assignment.key)}: "
                f"bad value {assignment.value.strip()!r}"
            )


def bool_text(value):
    """oslo's reading of a boolean, written as true or false."""
    return "true" if BOOL[value.strip().lower()] else "false"


def int_text(value):
    """A non-negative integer option, written plainly."""
    number = int(value.strip())
    if number < 0:
        raise ValueError(value)
    return str(number)
