"""``upgrade check``: is this cloud ready for Glance v2?

Follows oslo.upgradecheck, whose classes it uses: a table of checks, each
Success, Warning or Failure with details, ``--json``, and its exit codes
(0 all Success, 1 a Warning, 2 a Failure). A service that cannot be
reached at all is still this CLI's exit code 3.

The checks look at three places: the Keystone catalog (with
``--os-cloud``), every nova config file given, and a tempest.conf.
"""

import requests
from keystoneauth1 import discover as ks_discover
from keystoneauth1 import exceptions as ks_exc
from keystoneauth1 import session as ks_session
from oslo_upgradecheck import upgradecheck

from nova_glance_v2 import configfile
from nova_glance_v2 import errors
from nova_glance_v2 import output
from nova_glance_v2 import session as session_mod
from nova_glance_v2 import urls
from nova_glance_v2.catalog import discovery
from nova_glance_v2.catalog import keystone as keystone_mod
from nova_glance_v2.catalog.plan import endpoint_region
from nova_glance_v2.novaconf import GLANCE
from nova_glance_v2.novaconf import document
from nova_glance_v2.novaconf import migrate
from nova_glance_v2.tempest import conffile

Code = upgradecheck.Code
Result = upgradecheck.Result

V1_DANGER = ("the Image API v1 does not check image membership and is no "
             "longer maintained (removed in glance 17.0.0, Rocky)")
CATALOG_ALTERNATIVE = (
    "[glance] api_servers is deprecated for removal since nova 21.0.0 "
    "(Ussuri); let nova find glance in the Keystone catalog "
    "([glance] region_name and valid_interfaces, 'nova-conf configure "
    "--mode catalog') or set one [glance] endpoint_override")


class Checks(upgradecheck.UpgradeCommands):
    """The checks for one run; ``_upgrade_checks`` is built per run."""

    display_title = "nova-glance-v2 Upgrade Check Results"

    def __init__(self, checks):
        super().__init__()
        self._upgrade_checks = tuple(
            (name, lambda _self, f=func: f()) for name, func in checks)


# -- the Keystone catalog ---------------------------------------------------

class CatalogChecks:
    """Image service, endpoints, urls and discovery in one region."""

    def __init__(self, session, region, interfaces):
        self.session = session
        self.region = region
        self.interfaces = interfaces
        keystone = keystone_mod.Keystone(session, region_name=region)
        self.services, endpoints = keystone_mod.list_state(keystone)
        self.endpoints = [
            e for e in endpoints if endpoint_region(e) == region]

    def service(self):
        if not self.services:
            return Result(Code.FAILURE, "no service of type image in the "
                          "catalog: run 'nova-glance-v2 catalog ensure'")
        if len(self.services) > 1:
            ids = ", ".join(s["id"] for s in self.services)
            return Result(Code.WARNING, f"{len(self.services)} image "
                          f"services ({ids}); 'catalog ensure --prune' "
                          "removes the empty ones")
        return Result(Code.SUCCESS)

    def _urls(self, interface):
        return [e["url"] for e in self.endpoints
                if e["interface"] == interface]

    def endpoints_per_interface(self):
        missing = [i for i in self.interfaces if not self._urls(i)]
        if missing:
            return Result(Code.FAILURE, f"region {self.region} has no "
                          f"image endpoint for {', '.join(missing)}")
        return Result(Code.SUCCESS)

    def duplicates(self):
        extra = {i: len(self._urls(i)) for i in self.interfaces
                 if len(self._urls(i)) > 1}
        if extra:
            found = ", ".join(f"{n} {i}" for i, n in extra.items())
            return Result(Code.WARNING, f"duplicate image endpoints in "
                          f"region {self.region}: {found}; clients pick one "
                          "at random")
        return Result(Code.SUCCESS)

    def unversioned(self):
        versioned = sorted({e["url"] for e in self.endpoints
                            if urls.strip_version(e["url"]) != e["url"]})
        v1 = [u for u in versioned if "/v1" in u[len(urls.strip_version(u)):]]
        if v1:
            return Result(Code.FAILURE, f"v1 image urls {', '.join(v1)}: "
                          f"{V1_DANGER}")
        if versioned:
            return Result(Code.WARNING, f"versioned image urls "
                          f"{', '.join(versioned)}; register the "
                          "unversioned url so version discovery works")
        return Result(Code.SUCCESS)

    def discovery(self):
        reports = discovery.discover(self.session, self.region,
                                   self.interfaces)
        problems = [f"{r['interface']}: {r['problem']}" for r in reports
                    if not r["ok"]]
        if any("v1" in p for p in problems):
            return Result(Code.FAILURE, "; ".join(problems) +
                          f"; {V1_DANGER}")
        if problems:
            return Result(Code.FAILURE, "; ".join(problems))
        return Result(Code.SUCCESS, "; ".join(
            f"{r['interface']}: v{r['api_version']} {r['status']}"
            for r in reports))

    def checks(self):
        return [
            ("Image service in the catalog", self.service),
            ("One image endpoint per interface",
             self.endpoints_per_interface),
            ("Duplicate image endpoints", self.duplicates),
            ("Unversioned image endpoint urls", self.unversioned),
            ("Image API version discovery", self.discovery),
        ]


# -- nova config files -------------------------------------------------------

def nova_mode(doc):
    """How a nova config file tells nova where glance is."""
    for mode in ("api_servers", "endpoint_override"):
        if doc.last(GLANCE, mode) is not None:
            return mode
    return "catalog"


class NovaChecks:
    """The checks of one nova config file."""

    def __init__(self, path):
        self.path = path
        self.doc = document.parse(path, configfile.read_text(path))
        self.mode = nova_mode(self.doc)

    def legacy(self):
        found = [document.option_name(s, k)
                 for (s, k) in migrate.LEGACY if self.doc.get(s, k)]
        found += [f"[{name}]" for name in {a.section for a in
                                           self.doc.assignments}
                  if name.split(":")[0] in migrate.LEGACY_SECTIONS]
        if found:
            return Result(Code.FAILURE, f"{', '.join(sorted(found))}: "
                          "current nova ignores these silently; run "
                          "'nova-glance-v2 nova-conf configure'")
        return Result(Code.SUCCESS)

    def deprecated_api_servers(self):
        if self.mode == "api_servers":
            return Result(Code.WARNING, CATALOG_ALTERNATIVE)
        return Result(Code.SUCCESS, f"mode {self.mode}")

    def _configured_urls(self):
        if self.mode == "catalog":
            return []
        value = self.doc.last(GLANCE, self.mode).value
        return [u.strip() for u in value.split(",") if u.strip()]

    def _tls(self):
        insecure = self.doc.last(GLANCE, "insecure")
        if insecure is not None and insecure.value.lower() in (
                "true", "1", "yes", "on"):
            return False
        cafile = self.doc.last(GLANCE, "cafile")
        return cafile.value if cafile is not None else True

    def urls_answer_v2(self):
        configured = self._configured_urls()
        if not configured:
            return Result(Code.SUCCESS, "no url in the file (catalog)")
        http = ks_session.Session(verify=self._tls())
        problems = []
        notes = []
        for url in configured:
            full = urls.as_nova_reads(url)
            try:
                urls.validate_url(full, f"[glance] {self.mode}")
            except errors.BadInput as exc:
                problems.append(str(exc))
                continue
            if full != url:
                notes.append(f"{url!r} has no scheme: nova reads it as "
                             f"{full}; 'nova-glance-v2 nova-conf "
                             "configure' writes it so")
            problems += _v2_problems(http, full)
        if problems:
            return Result(Code.FAILURE, "; ".join(problems + notes))
        if notes:
            return Result(Code.WARNING, "; ".join(notes))
        return Result(Code.SUCCESS, ", ".join(configured))

    def tls(self):
        if self._tls() is False:
            return Result(Code.WARNING, "[glance] insecure = true: nova "
                          "does not verify glance's TLS certificate")
        return Result(Code.SUCCESS)

    def checks(self):
        name = self.path
        return [
            (f"{name}: legacy glance options", self.legacy),
            (f"{name}: deprecated api_servers", self.deprecated_api_servers),
            (f"{name}: glance urls answer v2", self.urls_answer_v2),
            (f"{name}: TLS verification", self.tls),
        ]


def _v2_problems(http, url):
    """Why ``url`` does not lead to a CURRENT Image API v2, if it does not."""
    try:
        versions = ks_discover.get_discovery(
            http, urls.strip_version(url), authenticated=False
        ).version_data()
    except (ks_exc.DiscoveryFailure, ks_exc.ConnectionError,
            ks_exc.HttpError, requests.RequestException) as exc:
        return [f"{url}: {type(exc).__name__}: "
                f"{str(exc).splitlines()[0] if str(exc) else ''}"]
    if any(v["version"][0] == 1 for v in versions):
        return [f"{url}: offers the Image API v1; {V1_DANGER}"]
    if not any(v["version"][0] == 2 and v["status"] == "CURRENT"
               for v in versions):
        return [f"{url}: no CURRENT v2 version"]
    return []


def modes_agree(nova_checks):
    modes = {c.path: c.mode for c in nova_checks}
    if len(set(modes.values())) > 1:
        found = ", ".join(f"{p}: {m}" for p, m in modes.items())
        return Result(Code.WARNING, f"nova config files disagree on how "
                      f"to find glance ({found})")
    return Result(Code.SUCCESS)


# -- tempest.conf ------------------------------------------------------------

def tempest_legacy(path):
    values = conffile.current_values(path, configfile.read_text(path))
    known = conffile.tempest_options()
    obsolete = {}
    for section in {s for s, _ in values}:
        keys = [k for s, k in values if s == section]
        for key, reason in conffile.obsolete_options(
                section, keys, known).items():
            obsolete[f"[{section}] {key}"] = reason
    if not obsolete:
        return Result(Code.SUCCESS)
    details = "; ".join(f"{k}: {r}" for k, r in sorted(obsolete.items()))
    code = (Code.FAILURE if "[image-feature-enabled] api_v1" in obsolete
            else Code.WARNING)
    return Result(code, details + "; run 'nova-glance-v2 tempest-conf "
                  "configure'")


def build_checks(*, os_cloud, region, valid_interfaces, nova_confs,
                 tempest_conf):
    """The checks asked for, as ``(name, callable)`` pairs: the catalog
    of ``os_cloud`` (if given) for ``valid_interfaces`` (names, e.g.
    ``("internal", "public")``), each of ``nova_confs`` and
    ``tempest_conf``."""
    checks = []
    if os_cloud:
        cloud = session_mod.connect(os_cloud, region)
        with session_mod.service_errors("keystone"):
            checks += CatalogChecks(
                cloud.session, cloud.region, valid_interfaces).checks()
    else:
        checks.append(("Keystone catalog", lambda: Result(
            Code.WARNING, "not checked: no --os-cloud")))
    nova_checks = [NovaChecks(path) for path in nova_confs or ()]
    for nova_check in nova_checks:
        checks += nova_check.checks()
    if len(nova_checks) > 1:
        checks.append(("nova config files agree",
                       lambda: modes_agree(nova_checks)))
    if tempest_conf:
        checks.append(("tempest.conf: legacy options",
                       lambda: tempest_legacy(tempest_conf)))
    return checks


def check_command(*, as_json, **asked):
    """Run the checks ``asked`` for (see :func:`build_checks`); the exit
    code is oslo.upgradecheck's. ``as_json``: the results as data for
    ``-f json``, else oslo.upgradecheck prints its own table."""
    runner = Checks(build_checks(**asked))
    if as_json:
        results = [(name, func(runner)) for name, func in
                   runner._upgrade_checks]
        code = max((r.code for _, r in results), default=Code.SUCCESS)
        data = {"name": runner.display_title, "checks": [
            {"check": name, "result": int(r.code), "details": r.details}
            for name, r in results]}
        return output.Result(data, int(code))
    return output.Result(None, int(runner.check()))
