"""Offline check of this repository's Zuul configuration.

No Zuul runs here, so ``zuul.d/`` is checked the way Zuul itself would
read it, with Zuul's own code (the pinned ``zuul`` package, in its own
venv: its pins conflict with the project's): every file is loaded with
``configloader.safe_load_yaml`` (Zuul's YAML loader, which rejects
duplicate keys) and every item validated with the schema of Zuul's parser
for it. Zuul's schemas cannot see other files, so cross-references are
checked here: parents and nodesets are ours or pinned in
``tests/zuul/upstream.yaml``, playbooks and the roles they use exist,
every ``NOVA_GLANCE_V2_*`` variable is defined in ``devstack/settings``,
jobs are defined once, every job has a description, and tempest regexes
compile and select tests of the pinned tempest (given its test list).

Run with the zuul venv's interpreter::

    .venv-zuul/bin/python tests/zuul/zuulcheck.py [--root DIR]
        [--tempest-tests FILE] [--errors-only]

Prints one JSON object (``ok``, ``errors``, ``jobs``, ``selections``), or
with ``--errors-only`` (as tools/lint runs it) one line per problem;
exits 0 when the configuration is sound, 1 when a check failed, 2 on bad
input.
"""

import argparse
import json
import os
import re
import sys

import voluptuous
import yaml
from zuul import configloader
from zuul import model

PROJECT = "opendev.org/x/nova-glance-v2"
UPSTREAM_FILE = os.path.join("tests", "zuul", "upstream.yaml")
PLAYBOOK_KEYS = ("pre-run", "run", "post-run", "cleanup-run")
VAR_SECTIONS = ("vars", "group-vars", "host-vars", "extra-vars")
TEMPEST_REGEX_VARS = ("tempest_test_regex", "tempest_exclude_regex")
SETTING_NAME = re.compile(r"^(NOVA_GLANCE_V2_[A-Z0-9_]+)=", re.MULTILINE)
VARIABLE_NAME = re.compile(r"\bNOVA_GLANCE_V2_[A-Z0-9_]+\b")
ROLE_TASK_KEYS = ("include_role", "import_role",
                  "ansible.builtin.include_role",
                  "ansible.builtin.import_role")
TASK_LISTS = ("tasks", "pre_tasks", "post_tasks", "handlers",
              "block", "rescue", "always")

# Zuul's parser for each kind of item, built without a scheduler.
SCHEMAS = {
    "job": lambda: configloader.JobParser.schema,
    "project-template":
        lambda: configloader.ProjectTemplateParser(None).getSchema(),
    "project": lambda: configloader.ProjectParser(None).getSchema(),
    "nodeset": lambda: configloader.NodeSetParser(None).getSchema(),
}


def _as_list(value):
    return value if isinstance(value, list) else [value]


def _names(entries):
    """Names in a playbook or project list: strings or ``{name: ...}``."""
    for entry in _as_list(entries):
        yield entry["name"] if isinstance(entry, dict) else entry


def _strings(value):
    """Every key and string value in nested dicts and lists."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value


class Checker:
    """Loads zuul.d/ of ``root`` and collects every problem found."""

    def __init__(self, root, tempest_tests=None):
        self.root = root
        self.tempest_tests = tempest_tests
        self.errors = []
        self.items = {"job": {}, "project-template": {}, "nodeset": {}}
        self.projects = []
        self.selections = {}
        with open(os.path.join(root, UPSTREAM_FILE)) as stream:
            self.upstream = yaml.safe_load(stream)
        with open(os.path.join(root, "devstack", "settings")) as stream:
            self.settings = set(SETTING_NAME.findall(stream.read()))

    def error(self, where, message):
        self.errors.append(f"{where}: {message}")

    # -- loading with Zuul's own code -----------------------------------

    def load(self):
        zuul_dir = os.path.join(self.root, "zuul.d")
        for name in sorted(os.listdir(zuul_dir)):
            rel = f"zuul.d/{name}"
            if not name.endswith(".yaml"):
                self.error(rel, "not a .yaml file (the project uses .yaml "
                                "only)")
                continue
            with open(os.path.join(zuul_dir, name)) as stream:
                self.load_text(rel, stream.read())

    def load_text(self, rel, text):
        context = model.SourceContext(PROJECT, PROJECT.split("/", 1)[1],
                                      "opendev", "master", rel)
        try:
            data = configloader.safe_load_yaml(text, context)
        except Exception as exc:  # any YAML error Zuul would report
            self.error(rel, " ".join(str(exc).split()))
            return
        if not isinstance(data, list):
            self.error(rel, "not a list of configuration items")
            return
        for item in data:
            self.load_item(rel, item)

    def load_item(self, rel, item):
        if not isinstance(item, dict) or len(item) != 1:
            self.error(rel, f"not one configuration item: {item!r}")
            return
        ((kind, conf),) = item.items()
        where = rel
        if isinstance(conf, dict) and "_start_mark" in conf:
            where = f"{rel}:{conf['_start_mark'].line + 1}"
        if kind not in SCHEMAS:
            self.error(where, f"unexpected item {kind!r}")
            return
        try:
            SCHEMAS[kind]()(conf)
        except voluptuous.MultipleInvalid as exc:
            for invalid in exc.errors:
                self.error(where, f"{kind} {conf.get('name', '')}: "
                                  f"{invalid}")
            return
        self.register(kind, conf, where)

    def register(self, kind, conf, where):
        conf["_where"] = where
        if kind == "project":
            self.projects.append(conf)
            return
        seen = self.items[kind]
        if conf["name"] in seen:
            self.error(where, f"{kind} {conf['name']} defined twice (first "
                              f"at {seen[conf['name']]['_where']})")
            return
        seen[conf["name"]] = conf

    # -- cross-references -----------------------------------------------

    def check(self):
        self.load()
        for job in self.items["job"].values():
            self.check_job(job)
        for template in self.items["project-template"].values():
            self.check_pipelines(template)
        for project in self.projects:
            for name in project.get("templates", []):
                if name not in self.items["project-template"]:
                    self.error(project["_where"],
                               f"unknown project template {name}")
            self.check_pipelines(project)
        return self.errors

    def known_job(self, name):
        return name in self.items["job"] or name in self.upstream["jobs"]

    def check_job(self, job):
        where, name = job["_where"], job["name"]
        if not job.get("description", "").strip():
            self.error(where, f"job {name} has no description")
        parent = job.get("parent")
        if parent and not self.known_job(parent):
            self.error(where, f"job {name}: parent {parent} is neither "
                              f"ours nor pinned in {UPSTREAM_FILE}")
        nodeset = job.get("nodeset")
        if isinstance(nodeset, str) and not (
                nodeset in self.items["nodeset"]
                or nodeset in self.upstream["nodesets"]):
            self.error(where, f"job {name}: unknown nodeset {nodeset}")
        for project in _names(job.get("required-projects", [])):
            if project not in self.upstream["projects"]:
                self.error(where, f"job {name}: required project {project} "
                                  f"not pinned in {UPSTREAM_FILE}")
        for key in PLAYBOOK_KEYS:
            for playbook in _names(job.get(key, [])):
                self.check_playbook(where, name, playbook)
        for section in VAR_SECTIONS:
            for text in _strings(job.get(section, {})):
                for var in VARIABLE_NAME.findall(text):
                    if var not in self.settings:
                        self.error(where, f"job {name}: {var} is not "
                                          "defined in devstack/settings")
        self.check_tempest_regexes(job)

    def check_playbook(self, where, job, playbook):
        path = os.path.join(self.root, playbook)
        if not os.path.isfile(path):
            self.error(where, f"job {job}: playbook {playbook} not found")
            return
        with open(path) as stream:
            plays = yaml.safe_load(stream) or []
        for play in plays:
            roles = [r["role"] if isinstance(r, dict) else r
                     for r in play.get("roles", [])]
            roles += list(self._included_roles(play))
            for role in roles:
                if not os.path.isfile(os.path.join(
                        self.root, "roles", role, "tasks", "main.yaml")):
                    self.error(playbook, f"role {role} not found in roles/")

    def _included_roles(self, block):
        for key in TASK_LISTS:
            for task in block.get(key) or []:
                for role_key in ROLE_TASK_KEYS:
                    if role_key in task:
                        yield task[role_key]["name"]
                yield from self._included_roles(task)

    def effective_var(self, job, var):
        """``var`` of ``job`` or of the nearest of our jobs it inherits."""
        while job is not None:
            if var in job.get("vars", {}):
                return job["vars"][var]
            job = self.items["job"].get(job.get("parent"))
        return None

    def check_tempest_regexes(self, job):
        regexes = {}
        for var in TEMPEST_REGEX_VARS:
            value = self.effective_var(job, var)
            if not value:
                continue
            try:
                regexes[var] = re.compile(value)
            except re.error as exc:
                self.error(job["_where"], f"job {job['name']}: {var} "
                                          f"{value!r}: {exc}")
        test_regex = regexes.get("tempest_test_regex")
        if test_regex is None or self.tempest_tests is None:
            return
        exclude = regexes.get("tempest_exclude_regex")
        # stestr (and so tempest run) selects with re.search.
        selected = [t for t in self.tempest_tests if test_regex.search(t)
                    and not (exclude and exclude.search(t))]
        if not selected:
            self.error(job["_where"], f"job {job['name']}: "
                                      "tempest_test_regex selects no test "
                                      "of the pinned tempest")
        self.selections[job["name"]] = {"regex": test_regex.pattern,
                                        "tests": selected}

    def check_pipelines(self, conf):
        for pipeline, body in conf.items():
            if not isinstance(body, dict) or "jobs" not in body:
                continue
            for entry in body["jobs"]:
                name = entry if isinstance(entry, str) else next(iter(entry))
                if not self.known_job(name):
                    self.error(conf["_where"],
                               f"{pipeline}: unknown job {name}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", default=".",
                        help="the repository to check (default: .)")
    parser.add_argument("--tempest-tests",
                        help="the pinned tempest's test ids, one a line "
                             "(tempest run --list-tests)")
    parser.add_argument("--errors-only", action="store_true",
                        help="print only the problems, one a line")
    args = parser.parse_args(argv)
    tests = None
    try:
        if args.tempest_tests:
            with open(args.tempest_tests) as stream:
                tests = [line.strip() for line in stream if line.strip()]
        checker = Checker(os.path.abspath(args.root), tests)
    except (OSError, yaml.YAMLError) as exc:
        print(f"zuulcheck: error: {exc}", file=sys.stderr)
        return 2
    errors = checker.check()
    if args.errors_only:
        for error in errors:
            print(error, file=sys.stderr)
        return 1 if errors else 0
    print(json.dumps({"ok": not errors, "errors": errors,
                      "jobs": sorted(checker.items["job"]),
                      "selections": checker.selections}, indent=2))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
