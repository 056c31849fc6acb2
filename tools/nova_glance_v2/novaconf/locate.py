"""Where glance is: the urls a nova.conf gives, old and new options."""

import dataclasses
import ipaddress
import re
import urllib.parse

from nova_glance_v2 import errors
from nova_glance_v2 import urls
from nova_glance_v2.interfaces import INTERFACES
from nova_glance_v2.interfaces import VALID_INTERFACES
from nova_glance_v2.novaconf import DEFAULT
from nova_glance_v2.novaconf import GLANCE
from nova_glance_v2.novaconf import MODE_OPTIONS
from nova_glance_v2.novaconf.changes import Changes
from nova_glance_v2.novaconf.document import option_name
from nova_glance_v2.novaconf.document import split_list
from nova_glance_v2.novaconf.document import winner


class GlanceLocator:
    """Where glance is, for one document and request: the urls given on
    the command line, else the file's (api_servers, host/port/protocol,
    endpoint_override, as the releases that read them did), else the
    Keystone catalog through ``catalog_url(region, interfaces)``."""

    def __init__(self, doc, request, catalog_url):
        self.doc = doc
        self.request = request
        self.catalog_url = catalog_url
        self.changes = Changes()

    def locate(self):
        """The :class:`.Changes` that point nova at glance the way the
        request's mode says; BadInput for a conflict or a bad value."""
        self._locate()
        return self.changes

    def _locate(self):
        request, mode = self.request, self.request.mode
        found = _Found()
        self._read_api_servers(found)
        self._read_host_port(found)
        self._read_endpoint_override(found)
        if found.conflict:
            if not request.force:
                self.doc.fail(
                    f"{found.conflict}; nothing changed. Fix the file, or "
                    "pass the urls to use (--api-servers or "
                    "--endpoint-override, or --mode catalog) with --force"
                )
            if mode != "catalog" and not request.explicit_urls:
                self.doc.fail(
                    f"{found.conflict}; --force needs the urls to write "
                    "(--api-servers or --endpoint-override)"
                )
            self.changes.notes.append(
                f"forced over a conflict: {found.conflict}")
        own = MODE_OPTIONS[mode]
        for section, key in found.options:
            if section == GLANCE and key in own:
                continue
            self.changes.remove.add((section, key))
            name = option_name(section, key)
            if mode == "catalog" or name in found.ignored:
                self.changes.dropped.append(name)
            else:
                self.changes.migrated[name] = option_name(GLANCE, mode)
        if mode != "catalog":  # catalog mode writes none of these urls
            self.changes.notes.extend(found.notes)
        self.changes.anchors = dict.fromkeys(
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
                self.changes.notes.append(
                    f"replaced {','.join(found.urls)} (from {found.source}) "
                    "with the urls given on the command line"
                )
        elif found.urls is not None:
            chosen = found.urls
        elif found.error:
            self.doc.fail(found.error)
        else:
            chosen = [self._from_catalog()]
        if mode == "endpoint_override":
            if len(chosen) != 1:
                self.doc.fail(
                    f"{len(chosen)} glance urls ({','.join(chosen)}) but "
                    "endpoint_override takes one; pass --endpoint-override "
                    "or use --mode api_servers"
                )
            self.changes.target["endpoint_override"] = chosen[0]
        else:
            self.changes.target["api_servers"] = ",".join(chosen)

    def _read_api_servers(self, found):
        """[glance] api_servers / [DEFAULT] glance_api_servers: they win."""
        servers = self.doc.effective("api_servers")
        if not servers:
            return
        lists = {}
        for assignment in servers:
            cleaned = tuple(
                self._clean_url(url, self.doc.where(assignment), found.notes)
                for url in split_list(assignment.value)
            )
            if not cleaned:
                self.doc.fail(
                    f"line {assignment.lineno} "
                    f"{option_name(assignment.section, assignment.key)} "
                    "is empty"
                )
            lists[cleaned] = assignment
        if len(lists) > 1:
            found.conflict = "api_servers is set to different lists: " + (
                " vs ".join(
                    f"{','.join(urls_)} ({self.doc.where(a)})"
                    for urls_, a in lists.items()
                )
            )
        read = winner(servers)
        found.urls = [
            urls.strip_version(urls.as_nova_reads(url))
            for url in split_list(read.value)
        ]
        found.source = option_name(read.section, read.key)
        found.add_options(servers)

    def _read_host_port(self, found):
        """host/port/protocol as Mitaka read them: ``protocol://host:port``.

        api_servers won over them in every release; they only give the url
        when api_servers is unset.
        """
        values = {
            key: self.doc.effective(key)
            for key in ("host", "port", "protocol")
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
                            f"{a.value.strip()} ({self.doc.where(a)})"
                            for a in assignments
                        )
                    )
                if assignments:
                    parts[key] = self._resolve(winner(assignments))
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
            self._clean_url(override[-1].value, self.doc.where(override[-1]))
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
        region = self.request.region or self.doc.value(GLANCE, "region_name")
        if not region:
            self.doc.fail(
                "--mode catalog needs --region (or [glance] region_name in "
                "the file)"
            )
        self.changes.target["region_name"] = region
        self.changes.target["valid_interfaces"] = ",".join(self._interfaces())
        if found.urls:
            self.changes.notes.append(
                f"nova will take glance from the Keystone catalog (region "
                f"{region}) instead of {','.join(found.urls)}; check the "
                "catalog's image endpoint is the same service"
            )

    def _interfaces(self):
        if self.request.interfaces:
            chosen = self.request.interfaces
        else:
            current = self.doc.value(GLANCE, "valid_interfaces")
            chosen = (
                split_list(current) if current else list(VALID_INTERFACES)
            )
        for interface in chosen:
            if interface not in INTERFACES:
                self.doc.fail(
                    f"interface {interface!r} is not one of "
                    f"{', '.join(INTERFACES)}"
                )
        return chosen

    def _from_catalog(self):
        if self.catalog_url is None:
            self.doc.fail(
                "the file does not say where glance is; pass --api-servers "
                "or --endpoint-override, or --os-cloud to read the Keystone "
                "catalog"
            )
        region = self.request.region or self.doc.value(GLANCE, "region_name")
        try:
            url = self.catalog_url(region, self._interfaces())
        except errors.BadInput as exc:
            self.doc.fail(str(exc))
        self.changes.notes.append(
            f"glance url {url} taken from the Keystone catalog"
        )
        return urls.strip_version(self._clean_url(url, "Keystone catalog"))

    def _clean_url(self, url, source, notes=None):
        """Validate ``url``; note what nova made of it; return it cleaned."""
        full = urls.as_nova_reads(url)
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
        return self._substitute(assignment.value, self.doc.where(assignment))

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
