"""Migrate a nova.conf to the ``[glance]`` options nova reads today.

Pure and offline: :func:`parse` reads a file's text, :func:`plan` works out
the new text and a report. Writing, backups and diffs are
:mod:`nova_glance_v2.configfile`'s job; the command line and the Keystone
catalog fallback live in :mod:`nova_glance_v2.novaconf_commands`.

Reading follows nova and oslo.config, not a generic INI reader:

* the file is parsed by ``oslo_config.iniparser`` (what nova uses), so a
  file we accept is a file nova accepts, with the same values (quotes
  stripped, continuation lines joined) and the same errors and line
  numbers;
* a single-valued option set twice takes the last value, section names
  other than ``DEFAULT`` are case-insensitive, and a ``[glance]`` value
  wins over its deprecated ``[DEFAULT] glance_*`` alias;
* the legacy glance options mean what they meant to the releases that
  read them (see ``LEGACY`` and the notes in :func:`plan`).

Editing uses ConfigUpdater (``strict=False`` keeps repeated keys and
sections, which oslo allows for multi-valued options) so every line we do
not change survives byte for byte. ConfigUpdater accepts a few things
oslo rejects (``[glance] # note``, an indented first key) and does not
strip quotes, so its view is only used to locate lines, after checking it
sees the same assignments as oslo in the same order.
"""

import dataclasses
import ipaddress
import re
import urllib.parse

import configupdater
from oslo_config import iniparser

from nova_glance_v2 import errors
from nova_glance_v2 import urls

MODES = ("api_servers", "catalog", "endpoint_override")
DEFAULT_MODE = "api_servers"
DEFAULT_INTERFACES = ("internal", "public")
INTERFACES = ("internal", "public", "admin")

GLANCE = "glance"
DEFAULT = "DEFAULT"

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

# The [glance] options that say where glance is, per mode; a mode removes
# the others so nova cannot pick an endpoint we did not mean.
MODE_OPTIONS = {
    "api_servers": ("api_servers",),
    "endpoint_override": ("endpoint_override",),
    "catalog": ("region_name", "valid_interfaces"),
}

_BOOL = {
    "true": True, "1": True, "yes": True, "on": True,
    "false": False, "0": False, "no": False, "off": False,
}


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
    updater = configupdater.ConfigUpdater(
        strict=False, empty_lines_in_values=False
    )
    updater.optionxform = str  # oslo option names are case-sensitive
    try:
        updater.read_string(text)
    except configupdater.parser.ParsingError as exc:
        line = exc.errors[0][0] if getattr(exc, "errors", None) else "?"
        raise errors.BadInput(
            f"{path}: line {line}: cannot parse for editing"
        ) from None
    except Exception as exc:  # MissingSectionHeader, DuplicateSection...
        raise errors.BadInput(
            f"{path}: cannot parse for editing ({type(exc).__name__})"
        ) from None
    options = [
        (normalize_section(section.name.strip()), option.raw_key.strip(),
         option)
        for section in updater.iter_sections()
        for option in section.iter_options()
    ]
    seen = [(s, k) for s, k, _ in options]
    expected = [(a.section, a.key) for a in assignments]
    if seen != expected or str(updater) != text:
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


class _Planner:
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

    # -- legacy options with no successor -----------------------------------
    def _drop_removed_options(self):
        for (section, key), successor in LEGACY.items():
            if successor is None and self.doc.get(section, key):
                self.remove.add((section, key))
                self.plan.dropped.append(option_name(section, key))
        for section in self._legacy_sections():
            self.plan.dropped.append(
                f"[{normalize_section(section.name.strip())}]"
            )

    def _legacy_sections(self):
        return [
            section for section in self.doc.updater.iter_sections()
            if normalize_section(section.name.strip()).split(":")[0]
            in LEGACY_SECTIONS
        ]

    # -- where glance is ------------------------------------------------------
    def _locate_glance(self):
        request, mode = self.request, self.request.mode
        found = _Found()
        self._read_api_servers(found)
        self._read_host_port(found)
        self._read_endpoint_override(found)
        if found.conflict:
            if not request.force:
                self.fail(
                    f"{found.conflict}; nothing changed. Fix the file, or "
                    "pass the urls to use (--api-servers or "
                    "--endpoint-override, or --mode catalog) with --force"
                )
            if mode != "catalog" and not request.explicit_urls:
                self.fail(
                    f"{found.conflict}; --force needs the urls to write "
                    "(--api-servers or --endpoint-override)"
                )
            self.plan.notes.append(f"forced over a conflict: {found.conflict}")
        own = MODE_OPTIONS[mode]
        for section, key in found.options:
            if section == GLANCE and key in own:
                continue
            self.remove.add((section, key))
            name = option_name(section, key)
            if mode == "catalog" or name in found.ignored:
                self.plan.dropped.append(name)
            else:
                self.plan.migrated[name] = option_name(GLANCE, mode)
        if mode != "catalog":  # catalog mode writes none of these urls
            self.plan.notes.extend(found.notes)
        self.anchors = dict.fromkeys(
            ("api_servers", "endpoint_override", "region_name",
             "valid_interfaces"),
            found.anchor,
        )
        if mode == "catalog":
            self._catalog_mode(found)
            return
        if request.explicit_urls:
            chosen = [
                self._clean_url(url, "command line")
                for url in request.explicit_urls
            ]
            if found.urls and found.urls != chosen:
                self.plan.notes.append(
                    f"replaced {','.join(found.urls)} (from {found.source}) "
                    "with the urls given on the command line"
                )
        elif found.urls is not None:
            chosen = found.urls
        elif found.error:
            self.fail(found.error)
        else:
            chosen = [self._from_catalog()]
        if mode == "endpoint_override":
            if len(chosen) != 1:
                self.fail(
                    f"{len(chosen)} glance urls ({','.join(chosen)}) but "
                    "endpoint_override takes one; pass --endpoint-override "
                    "or use --mode api_servers"
                )
            self.target["endpoint_override"] = chosen[0]
        else:
            self.target["api_servers"] = ",".join(chosen)

    def _read_api_servers(self, found):
        """[glance] api_servers / [DEFAULT] glance_api_servers: they win."""
        servers = self._effective("api_servers")
        if not servers:
            return
        lists = {}
        for assignment in servers:
            cleaned = tuple(
                self._clean_url(url, self.where(assignment), found.notes)
                for url in _split_list(assignment.value)
            )
            if not cleaned:
                self.fail(
                    f"line {assignment.lineno} "
                    f"{option_name(assignment.section, assignment.key)} "
                    "is empty"
                )
            lists[cleaned] = assignment
        if len(lists) > 1:
            found.conflict = "api_servers is set to different lists: " + (
                " vs ".join(
                    f"{','.join(urls_)} ({self.where(a)})"
                    for urls_, a in lists.items()
                )
            )
        winner = self._winner(servers)
        found.urls = [
            urls.strip_version(self._full(url))
            for url in _split_list(winner.value)
        ]
        found.source = option_name(winner.section, winner.key)
        found.add_options(servers)

    def _read_host_port(self, found):
        """host/port/protocol as Mitaka read them: ``protocol://host:port``.

        api_servers won over them in every release; they only give the url
        when api_servers is unset.
        """
        values = {
            key: self._effective(key) for key in ("host", "port", "protocol")
        }
        if not any(values.values()):
            return
        for assignments in values.values():
            found.add_options(assignments)
        parts = {"host": "$my_ip", "port": "9292", "protocol": "http"}
        try:
            for key, assignments in values.items():
                distinct = {
                    self._resolve(a).strip().strip("[]").lower()
                    for a in assignments
                }
                if len(distinct) > 1:
                    found.conflict = found.conflict or (
                        f"glance {key} is set to different values: "
                        + " vs ".join(
                            f"{a.value.strip()} ({self.where(a)})"
                            for a in assignments
                        )
                    )
                if assignments:
                    parts[key] = self._resolve(self._winner(assignments))
            if not values["host"]:  # nova's default, $my_ip
                parts["host"] = self._substitute(
                    parts["host"], "[glance] host (default $my_ip)"
                )
            url = urls.host_port_url(
                parts["protocol"], parts["host"], parts["port"]
            )
        except errors.BadInput as exc:
            # Only fatal if we need this url; explicit urls replace it.
            found.error = f"legacy glance host/port/protocol: {exc}"
            return
        if found.urls is not None:
            if values["host"] and not _same_endpoint(url, found.urls):
                found.conflict = found.conflict or (
                    f"api_servers {','.join(found.urls)} and host/port "
                    f"{url} point at different glance servers"
                )
            else:
                found.notes.append(
                    "host/port/protocol ignored: api_servers was set and "
                    "nova always preferred it"
                )
                found.ignored.update(
                    option_name(a.section, a.key)
                    for assignments in values.values() for a in assignments
                )
            return
        found.urls, found.source = [url], "host/port/protocol"
        if parts["protocol"].strip().lower() == "https":
            found.notes.append(
                f"protocol is https: written as {url} as Mitaka did, but "
                "Kilo and Liberty connected over plain http whatever "
                "protocol said; check glance really serves https there"
            )
        if "$" in "".join(a.value for a in values["host"]):
            found.notes.append(
                f"glance host {values['host'][-1].value.strip()} resolved "
                f"from [DEFAULT] to {url}"
            )

    def _read_endpoint_override(self, found):
        override = self.doc.get(GLANCE, "endpoint_override")
        if not override:
            return
        found.add_options(override)
        value = urls.strip_version(
            self._clean_url(override[-1].value, self.where(override[-1]))
        )
        if found.urls is None and not found.error:
            found.urls = [value]
            found.source = option_name(GLANCE, "endpoint_override")
        elif found.urls is not None and [value] != found.urls:
            found.notes.append(
                f"endpoint_override {value} was unused: {found.source} "
                "took precedence"
            )
            found.ignored.add(option_name(GLANCE, "endpoint_override"))

    def _catalog_mode(self, found):
        region = self.request.region or self._value(GLANCE, "region_name")
        if not region:
            self.fail(
                "--mode catalog needs --region (or [glance] region_name in "
                "the file)"
            )
        self.target["region_name"] = region
        self.target["valid_interfaces"] = ",".join(self._interfaces())
        if found.urls:
            self.plan.notes.append(
                f"nova will take glance from the Keystone catalog (region "
                f"{region}) instead of {','.join(found.urls)}; check the "
                "catalog's image endpoint is the same service"
            )

    def _interfaces(self):
        if self.request.interfaces:
            chosen = self.request.interfaces
        else:
            current = self._value(GLANCE, "valid_interfaces")
            chosen = (
                _split_list(current) if current else list(DEFAULT_INTERFACES)
            )
        for interface in chosen:
            if interface not in INTERFACES:
                self.fail(
                    f"interface {interface!r} is not one of "
                    f"{', '.join(INTERFACES)}"
                )
        return chosen

    def _from_catalog(self):
        if self.catalog_url is None:
            self.fail(
                "the file does not say where glance is; pass --api-servers "
                "or --endpoint-override, or --os-cloud to read the Keystone "
                "catalog"
            )
        region = self.request.region or self._value(GLANCE, "region_name")
        try:
            url = self.catalog_url(region, self._interfaces())
        except errors.BadInput as exc:
            self.fail(str(exc))
        self.plan.notes.append(
            f"glance url {url} taken from the Keystone catalog"
        )
        return urls.strip_version(self._clean_url(url, "Keystone catalog"))

    @staticmethod
    def _full(url):
        url = url.strip()
        return url if "//" in url else f"http://{url}"

    def _clean_url(self, url, source, notes=None):
        """Validate ``url``; note what nova made of it; return it cleaned."""
        full = self._full(url)
        urls.validate_url(full, source)
        clean = urls.strip_version(full)
        if notes is not None and full != url.strip():
            notes.append(
                f"{source}: {url.strip()!r} has no scheme; nova read it as "
                f"{full}"
            )
        if notes is not None and clean != full.rstrip("/"):
            notes.append(
                f"{source}: {full} is versioned; written unversioned as "
                f"{clean} (nova negotiates the API version itself)"
            )
        return clean

    def _resolve(self, assignment):
        """The value of ``assignment`` with ``$opt`` substituted."""
        return self._substitute(assignment.value, self.where(assignment))

    def _substitute(self, value, where):
        """Substitute ``$my_ip`` (or any ``$opt``) from [DEFAULT]."""

        def lookup(match):
            name = match.group(1) or match.group(2)
            if name is None:  # "$$" is a literal dollar
                return "$"
            found = self.doc.last(DEFAULT, name)
            if found is None:
                raise errors.BadInput(
                    f"{where} uses ${name} but [DEFAULT] {name} is not set; "
                    "pass the urls with --api-servers"
                )
            return found.value.strip()

        return re.sub(r"\$(?:(\w+)|\{(\w+)\}|\$)", lookup, value)

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

    # -- insecure, cafile, num_retries ------------------------------------
    def _migrate_simple(self):
        request = self.request
        if request.insecure and request.cafile:
            self.fail("--insecure and --cafile contradict each other")
        self._migrate_one(
            "insecure",
            [(GLANCE, "api_insecure"), (DEFAULT, "glance_api_insecure")],
            _bool_text, "true" if request.insecure else None,
        )
        self._migrate_one("cafile", [("ssl", "ca_file")], str.strip,
                          request.cafile)
        self._migrate_one(
            "num_retries", [(DEFAULT, "glance_num_retries")], _int_text,
            None,
        )

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
            chosen = self._convert(self._winner(found), convert)
        self.target[new_key] = chosen
        for assignment in found:
            value = self._convert(assignment, convert)
            source = option_name(assignment.section, assignment.key)
            self.remove.add((assignment.section, assignment.key))
            self.plan.migrated[source] = option_name(GLANCE, new_key)
            if value != chosen:
                self.plan.notes.append(
                    f"{source}={value} ({self.where(assignment)}) not "
                    f"kept: {option_name(GLANCE, new_key)}={chosen} wins"
                )
        in_glance = [a.key for a in found if a.section == GLANCE]
        if in_glance:
            self.anchors[new_key] = in_glance[0]

    def _convert(self, assignment, convert):
        try:
            return convert(assignment.value)
        except (KeyError, ValueError):
            self.fail(
                f"line {assignment.lineno} "
                f"{option_name(assignment.section, assignment.key)}: "
                f"bad value {assignment.value.strip()!r}"
            )

    def _remove_other_modes(self):
        own = MODE_OPTIONS[self.request.mode]
        for keys in MODE_OPTIONS.values():
            for key in keys:
                if key not in own and self.doc.get(GLANCE, key):
                    self.remove.add((GLANCE, key))

    # -- editing --------------------------------------------------------------
    def _edit(self):
        doc, plan_ = self.doc, self.plan
        self.remove -= {(GLANCE, key) for key in self.target}
        for key, value in self.target.items():
            self._set(key, value)
        for assignment in doc.assignments:
            if (assignment.section, assignment.key) not in self.remove:
                continue
            plan_.removed.append(
                option_name(assignment.section, assignment.key)
            )
            if assignment.option.container is not None:
                assignment.option.detach()
        for section in self._legacy_sections():
            plan_.removed.append(
                f"[{normalize_section(section.name.strip())}]"
            )
            section.detach()
        self._drop_emptied_sections()
        new_text = str(doc.updater)
        if self.new_section:
            new_text += _separator(new_text) + f"[{GLANCE}]\n" + "".join(
                f"{key} = {value}\n" for key, value in self.new_section
            )
        plan_.new_text = _same_newlines(doc.text, new_text)
        plan_.removed = list(dict.fromkeys(plan_.removed))
        plan_.dropped = list(dict.fromkeys(plan_.dropped))
        if plan_.changed:
            _verify(doc, plan_.new_text, self.target, self.remove)
        else:  # nothing changes: nothing added or removed either
            plan_.added, plan_.removed = {}, []

    def _drop_emptied_sections(self):
        """Remove a section we emptied ([ssl] after ca_file moved).

        Only when nothing is left in it, not even a comment, so no text
        of the user's is lost; [DEFAULT] and [glance] always stay.
        """
        emptied = {section for section, _ in self.remove} - {DEFAULT, GLANCE}
        for section in self.doc.updater.iter_sections():
            name = normalize_section(section.name.strip())
            if name in emptied and all(
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
            current[-1].option.value = value
            for duplicate in current[:-1]:
                duplicate.option.detach()
                self.plan.removed.append(option_name(GLANCE, key))
            return
        anchor_key = self.anchors.get(key)
        anchor = self.doc.last(GLANCE, anchor_key) if anchor_key else None
        if anchor is not None and anchor.option.container is not None:
            # Where the legacy option was, so a reader finds it there.
            anchor.option.add_before.option(key, value)
            return
        sections = self.doc.sections(GLANCE)
        if sections:
            _append_option(sections[-1], key, value)
        else:
            self.new_section.append((key, value))


@dataclasses.dataclass
class _Found:
    """What the file says about where glance is."""

    urls: list | None = None
    source: str | None = None
    conflict: str | None = None
    error: str | None = None
    anchor: str | None = None
    options: list = dataclasses.field(default_factory=list)
    ignored: set = dataclasses.field(default_factory=set)
    notes: list = dataclasses.field(default_factory=list)

    def add_options(self, assignments):
        for assignment in assignments:
            pair = (assignment.section, assignment.key)
            if pair not in self.options:
                self.options.append(pair)
            if self.anchor is None and assignment.section == GLANCE:
                self.anchor = assignment.key


def _split_list(value):
    return [item.strip() for item in value.split(",") if item.strip()]


def _bool_text(value):
    return "true" if _BOOL[value.strip().lower()] else "false"


def _int_text(value):
    number = int(value.strip())
    if number < 0:
        raise ValueError(value)
    return str(number)


def _equal(key, old, new):
    old = old.strip()
    if key in ("api_servers", "valid_interfaces"):
        return _split_list(old) == _split_list(new)
    if key == "insecure":
        return _BOOL.get(old.lower()) == _BOOL.get(new.lower())
    return old == new


def _same_endpoint(url, candidates):
    """True if ``url``'s host and port are those of one of ``candidates``."""

    def key(value):
        parts = urllib.parse.urlsplit(value)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        host = (parts.hostname or "").lower()
        if urls.is_ipv6(host):
            host = str(ipaddress.ip_address(host))
        return host, port

    return key(url) in {key(candidate) for candidate in candidates}


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
        return errors.CheckFailed(
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
        return [
            (a.section, a.key, a.value) for a in document.assignments
            if (a.section, a.key) not in touched
            and a.section.split(":")[0] not in LEGACY_SECTIONS
        ]

    if untouched(doc) != untouched(new):
        raise internal("an option we did not mean to change changed")
