"""Our constraints files follow OpenStack's upper-constraints.

The rules are in constraints.txt's heading: a package upper-constraints
pins is at upper-constraints' version unless a comment on its line, or on
the comment lines just above it, reads ``<project> <version> requires
<package><specifier>`` and explains the difference; a package
upper-constraints does not pin sits in a group whose heading says why it
is "not in upper-constraints". Comments that explain a difference that is
not there fail too, so the exceptions cannot outlive their reason.

upper-constraints.txt is openstack/requirements' (``$NGV2_UPPER_CONSTRAINTS``,
else ``../shared/upstream/requirements/`` beside the repository, where CI
always has it): the test fails when it is absent rather than pass unchecked.
"""

import dataclasses
import importlib.metadata
import os
import pathlib
import re

import pytest
from packaging.markers import Marker
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.specifiers import InvalidSpecifier
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion
from packaging.version import Version

TOP = pathlib.Path(__file__).resolve().parents[2]
OURS = ("constraints.txt", "constraints-zuul.txt")
UPPER_CONSTRAINTS = (TOP.parent / "shared" / "upstream" / "requirements"
                     / "upper-constraints.txt")
# The Python the venvs run on: upper-constraints lines whose marker selects
# another Python are not ours.
PYTHON = "3.11"
NOT_IN_UC = "not in upper-constraints"
# "nova 34.0.0 requires keystoneauth1>=5.16.0": the project and version
# that carry the requirement, then the requirement as its metadata says.
REQUIRES = re.compile(
    r"(?<![\w.-])(?P<project>[A-Za-z][\w.-]*) (?P<version>\d\S*) requires "
    r"(?P<name>[A-Za-z][\w.-]*)(?P<spec>[<>=!~][^\s;()]*)")
PIN = re.compile(r"(?P<name>[A-Za-z0-9][\w.-]*)==(?P<version>\S+)")
UC_LINE = re.compile(
    r"(?P<name>[A-Za-z0-9][\w.-]*)===(?P<version>[^\s;]+)\s*(?:;(?P<marker>.*))?")


class BadFile(Exception):
    """A line of a constraints file this test cannot read."""


@dataclasses.dataclass(frozen=True)
class Reason:
    """One "<project> <version> requires <name><spec>" comment."""

    project: str
    version: Version
    name: str
    spec: SpecifierSet
    text: str


@dataclasses.dataclass
class Pin:
    """One ``name==version`` line of our constraints files."""

    name: str
    version: Version
    where: str
    reasons: list
    group: str


def _version(text, where):
    try:
        return Version(text)
    except InvalidVersion:
        raise BadFile(f"{where}: unreadable version {text!r}") from None


def _reasons(comments, where):
    found = []
    for comment in comments:
        for match in REQUIRES.finditer(comment):
            spec = match["spec"].rstrip(",.")
            try:
                specifier = SpecifierSet(spec)
            except InvalidSpecifier:
                raise BadFile(f"{where}: unreadable requirement "
                              f"{match.group(0)!r}") from None
            found.append(Reason(
                canonicalize_name(match["project"]),
                _version(match["version"], where),
                canonicalize_name(match["name"]), specifier,
                match.group(0)))
    return found


def read_upper_constraints(path, python=PYTHON):
    """{canonical name: Version} of upper-constraints for ``python``."""
    environment = default_environment()
    environment.update(python_version=python,
                       python_full_version=f"{python}.0")
    pins = {}
    for number, line in enumerate(path.read_text().splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        where = f"{path}:{number}"
        match = UC_LINE.fullmatch(line)
        if not match:
            raise BadFile(f"{where}: not 'name===version[;marker]': {line!r}")
        if match["marker"] and not Marker(match["marker"]).evaluate(
                environment):
            continue
        name = canonicalize_name(match["name"])
        if name in pins:
            raise BadFile(f"{where}: a second line for {name} on "
                          f"Python {python}")
        pins[name] = _version(match["version"], where)
    return pins


def read_pins(path):
    """The pins of one of our constraints files, with their comments."""
    pins = {}
    above = []      # comment lines right above the current line
    group = None    # heading of the current group (its first comments)
    for number, raw in enumerate(path.read_text().splitlines(), 1):
        line, _, comment = raw.partition("#")
        line = line.strip()
        where = f"{path.name}:{number}"
        if not raw.strip():
            above, group = [], None
            continue
        if not line:
            above.append(comment)
            continue
        if group is None:
            group = " ".join(above)
        match = PIN.fullmatch(line)
        if not match:
            raise BadFile(f"{where}: not 'name==version': {line!r}")
        name = canonicalize_name(match["name"])
        if name in pins:
            raise BadFile(f"{where}: {name} is pinned twice")
        pins[name] = Pin(name, _version(match["version"], where), where,
                         _reasons([*above, comment], where),
                         " ".join(group.split()).lower())
        above = []
    return pins


def _unexplained(reason, pin, pins, upper):
    """Why ``reason`` does not explain ``pin`` differing, or None."""
    ours = upper[pin.name]
    if reason.name == pin.name:
        # A project pinned here requires this package outside
        # upper-constraints' version.
        project = pins.get(reason.project)
        if project is None or project.version != reason.version:
            return f"{reason.project}=={reason.version} is not pinned here"
        if reason.spec.contains(ours, prereleases=True):
            return f"upper-constraints' {ours} meets it"
        if not reason.spec.contains(pin.version, prereleases=True):
            return f"the pinned {pin.version} does not meet it"
        return None
    if reason.project == pin.name:
        # Upper-constraints' version of this package requires what
        # another pin here rules out.
        if reason.version != ours:
            return f"upper-constraints has {pin.name} {ours}"
        other = pins.get(reason.name)
        if other is None:
            return f"{reason.name} is not pinned here"
        if reason.spec.contains(other.version, prereleases=True):
            return f"the pinned {reason.name} {other.version} meets it"
        return None
    return f"it names neither {pin.name} as project nor as requirement"


def problems(pins, upper):
    """One line per way ``pins`` departs from the rules, else []."""
    found = []
    for pin in pins.values():
        if pin.name not in upper:
            if NOT_IN_UC not in pin.group:
                found.append(f"{pin.where}: {pin.name} is not in "
                             f"upper-constraints: pin it in a group whose "
                             f"heading says why it is {NOT_IN_UC!r}")
            continue
        ours = upper[pin.name]
        if NOT_IN_UC in pin.group:
            found.append(f"{pin.where}: upper-constraints pins {pin.name} "
                         f"({ours}), yet its group says {NOT_IN_UC!r}")
        if pin.version == ours:
            found.extend(f"{pin.where}: stale comment {r.text!r}: {pin.name} "
                         f"is at upper-constraints' {ours}"
                         for r in pin.reasons)
            continue
        explained = False
        for reason in pin.reasons:
            why = _unexplained(reason, pin, pins, upper)
            if why:
                found.append(f"{pin.where}: comment {reason.text!r} does "
                             f"not explain {pin.name} {pin.version}: {why}")
            explained = explained or not why
        if not explained:
            found.append(f"{pin.where}: {pin.name} {pin.version} is not "
                         f"upper-constraints' {ours} and no comment "
                         f"'<project> <version> requires "
                         f"<package><specifier>' says why")
    return found


def load_upper(environ):
    """upper-constraints, read from where ``environ`` says; fails if absent."""
    path = pathlib.Path(environ.get("NGV2_UPPER_CONSTRAINTS",
                                    UPPER_CONSTRAINTS))
    if not path.is_file():
        pytest.fail(f"{path}: no such file; set NGV2_UPPER_CONSTRAINTS to "
                    f"openstack/requirements' upper-constraints.txt")
    return read_upper_constraints(path)


@pytest.fixture(scope="module")
def upper():
    return load_upper(os.environ)


@pytest.mark.parametrize("name", OURS)
def test_follows_upper_constraints(name, upper):
    pins = read_pins(TOP / name)
    assert pins.keys() & upper.keys(), f"{name} shares nothing with it"
    found = problems(pins, upper)
    assert not found, "\n".join(found)


def test_requirements_named_are_the_installed_projects():
    """Each "<project> requires" of constraints.txt is in its metadata.

    The tests run in the venv built from constraints.txt, so the project
    named is installed at the version named: its own requirement must be
    the one the comment quotes.
    """
    pins = read_pins(TOP / "constraints.txt")
    quoted = [r for pin in pins.values() for r in pin.reasons
              if r.name == pin.name]
    assert quoted
    environment = default_environment()
    for reason in quoted:
        installed = importlib.metadata.version(reason.project)
        assert Version(installed) == reason.version, (
            f"{reason.project} {installed} is installed: {reason.text!r}")
        requires = [Requirement(r) for r in
                    importlib.metadata.requires(reason.project) or ()]
        assert [r for r in requires
                if canonicalize_name(r.name) == reason.name
                and r.specifier == reason.spec
                and (not r.marker or r.marker.evaluate(environment))], (
            f"{reason.project} {installed} does not require "
            f"{reason.name}{reason.spec}: {reason.text!r}")


# The checker on files that break each rule: it must see every one.
UPPER = """# a comment
oslo.db===18.1.0
SQLAlchemy===2.0.52
cryptography===43.0.3
pyOpenSSL===24.2.1
foo===1.0;python_version=='3.10'
foo===2.0;python_version=='3.11'
bar===1.0
"""
GOOD = """# In upper-constraints.
cryptography==46.0.7  # tool 1.0 requires cryptography>=46
foo==2.0
# pyOpenSSL 24.2.1 requires cryptography<44,>=41.0.5
pyOpenSSL==26.0.0
oslo_db==18.1.0
SQLAlchemy==2.0.52

# Not in upper-constraints: the tool, in no OpenStack list.
tool==1.0
"""


def _problems(tmp_path, ours, upper_text=UPPER):
    (tmp_path / "uc.txt").write_text(upper_text)
    (tmp_path / "c.txt").write_text(ours)
    return problems(read_pins(tmp_path / "c.txt"),
                    read_upper_constraints(tmp_path / "uc.txt"))


def test_the_checker_accepts_explained_differences(tmp_path):
    assert _problems(tmp_path, GOOD) == []


def test_the_line_for_our_python_and_pep_503_names(tmp_path):
    (tmp_path / "uc.txt").write_text(UPPER)
    upper = read_upper_constraints(tmp_path / "uc.txt")
    assert upper["foo"] == Version("2.0")
    assert read_upper_constraints(tmp_path / "uc.txt", "3.10")["foo"] == (
        Version("1.0"))
    assert {"oslo-db", "sqlalchemy", "pyopenssl"} <= upper.keys()


@pytest.mark.parametrize("old, new, message", [
    ("SQLAlchemy==2.0.52", "SQLAlchemy==2.1.9",
     "c.txt:7: sqlalchemy 2.1.9 is not upper-constraints' 2.0.52 and no "
     "comment"),
    ("oslo_db==18.1.0", "oslo_db==18.1.0  # tool 1.0 requires oslo.db>=18",
     "c.txt:6: stale comment 'tool 1.0 requires oslo.db>=18': oslo-db is at "
     "upper-constraints' 18.1.0"),
    ("requires cryptography>=46", "requires cryptography>=40",
     "upper-constraints' 43.0.3 meets it"),
    ("requires cryptography>=46", "requires cryptography>=47",
     "the pinned 46.0.7 does not meet it"),
    ("tool 1.0 requires", "tool 2.0 requires",
     "tool==2.0 is not pinned here"),
    ("# pyOpenSSL 24.2.1 requires cryptography<44,>=41.0.5",
     "# pyOpenSSL 24.2.1 requires cryptography>=41.0.5",
     "the pinned cryptography 46.0.7 meets it"),
    ("# pyOpenSSL 24.2.1 requires", "# pyOpenSSL 24.3.0 requires",
     "upper-constraints has pyopenssl 24.2.1"),
    ("# pyOpenSSL 24.2.1 requires", "# tool 1.0 requires",
     "it names neither pyopenssl"),
    ("# Not in upper-constraints: the tool", "# The tool",
     "c.txt:10: tool is not in upper-constraints: pin it in a group"),
    ("tool==1.0", "tool==1.0\nbar==1.0",
     "c.txt:11: upper-constraints pins bar (1.0), yet its group says"),
])
def test_the_checker_sees_each_broken_rule(tmp_path, old, new, message):
    assert old in GOOD
    found = _problems(tmp_path, GOOD.replace(old, new))
    assert [p for p in found if message in p], found


@pytest.mark.parametrize("line, message", [
    ("SQLAlchemy>=2.0", "c.txt:1: not 'name==version': 'SQLAlchemy>=2.0'"),
    ("foo==2.0\nfoo==2.0", "c.txt:2: foo is pinned twice"),
    ("foo==2.0  # x 1.0 requires foo>=!", "unreadable requirement"),
])
def test_unreadable_lines_are_named(tmp_path, line, message):
    with pytest.raises(BadFile, match=re.escape(message)):
        _problems(tmp_path, line + "\n")


def test_upper_constraints_absent_fails(tmp_path):
    absent = tmp_path / "upper-constraints.txt"
    with pytest.raises(pytest.fail.Exception, match="no such file"):
        load_upper({"NGV2_UPPER_CONSTRAINTS": str(absent)})
