"""Run tempest in a workspace and make sense of the result.

The gate and the functional tests call this: :func:`init_workspace`
(``tempest init``, with the workspace registry kept inside the workspace
rather than in ``~/.tempest``), :func:`run` (``tempest run --regex R
--exclude-list F --subunit``, the subunit stream parsed into per-test
status and duration) and :func:`problems` (failures, tests slower than a
limit, nothing run).

Counts are per test: a class skipped as a whole (tempest's
``skip_checks``) shows in subunit as one ``setUpClass (...)`` entry; its
listed tests are counted as skipped. Excluded tests are those the regex
lists and the exclude list removes, matched as stestr does.
"""

import dataclasses
import io
import os
import re
import subprocess
import time

from nova_glance_v2 import errors
from nova_glance_v2 import executables
from nova_glance_v2.tempest import IMAGE_REGEX
from nova_glance_v2.tempest import MAX_TEST_SECONDS
from nova_glance_v2.tempest import progress as tempest_progress

_CLASS_FIXTURE = re.compile(
    r"^(?:setUpClass|tearDownClass) \((?P<cls>[\w.]+)\)$")
_ATTRS = re.compile(r"\[[^\]]*\]$")
# subunit status -> what the reports call it.
OUTCOME = {"success": "passed", "xfail": "passed", "skip": "skipped",
           "fail": "failed", "uxsuccess": "failed"}


def config_file(workspace):
    return os.path.join(workspace, "etc", "tempest.conf")


def init_workspace(workspace):
    """``tempest init`` ``workspace`` unless it is one already."""
    if os.path.exists(os.path.join(workspace, ".stestr.conf")):
        return workspace
    os.makedirs(workspace, exist_ok=True)
    done = subprocess.run(
        [executables.find("tempest"), "init", "--workspace-path",
         os.path.join(workspace, ".workspace.yaml"), workspace],
        capture_output=True, text=True, check=False, timeout=120,
        stdin=subprocess.DEVNULL)
    if done.returncode:
        raise errors.CheckFailed(
            f"tempest init {workspace} exited {done.returncode}: "
            f"{(done.stderr or done.stdout).strip().splitlines()[-1:]}")
    return workspace


def read_exclude_list(path):
    """``[(compiled regex, reason)]`` of an exclude list: one regex a
    line, as stestr reads it (to stestr, text after ``#`` is a comment).
    Here a line's own comment, else the comment block above it, is the
    reason for that regex."""
    try:
        with open(path) as stream:
            lines = stream.read().splitlines()
    except OSError as exc:
        raise errors.BadInput(f"{path}: cannot read ({exc.strerror})") \
            from None
    found = []
    comment = None
    after_regex = False
    for number, line in enumerate(lines, 1):
        regex, _, inline = line.strip().partition("#")
        regex = regex.strip()
        if not line.strip():
            comment = None
            continue
        if not regex:
            # A comment block: the reason for the regexes right below it.
            if after_regex:
                comment, after_regex = None, False
            comment = " ".join(filter(None, (comment, inline.strip())))
            continue
        after_regex = True
        try:
            found.append((re.compile(regex), inline.strip() or comment))
        except re.error as exc:
            raise errors.BadInput(f"{path}: line {number}: bad regex "
                                  f"({exc})") from None
    return found


def class_of(test_id):
    """``pkg.mod.Class.test_x[attrs]`` -> ``pkg.mod.Class``."""
    return _ATTRS.sub("", test_id).rpartition(".")[0]


@dataclasses.dataclass
class TestResult:
    id: str
    status: str            # success, skip, fail, xfail, uxsuccess
    seconds: float
    reason: str = ""


@dataclasses.dataclass
class RunResult:
    workspace: str
    regex: str
    exclude_list: str | None
    returncode: int
    seconds: float
    listed: list
    excluded: list
    tests: dict            # id -> TestResult (subunit entries)
    subunit_file: str
    log_file: str
    excludes: list = dataclasses.field(default_factory=list)

    def _entry(self, test_id):
        """The subunit entry that decided ``test_id``: its own, else its
        class's setUpClass (a class skipped or failed as a whole)."""
        if test_id in self.tests:
            return self.tests[test_id]
        return self._class_entries.get(class_of(test_id))

    @property
    def _class_entries(self):
        entries = {}
        for test in self.tests.values():
            match = _CLASS_FIXTURE.match(test.id)
            if match:
                entries[match.group("cls")] = test
        return entries

    def exclusion_reason(self, test_id):
        """Why the exclude list removed ``test_id`` (its comment)."""
        return next((reason or "" for rx, reason in self.excludes
                     if rx.search(test_id)), "")

    def outcomes(self):
        """Per listed test: ``(status, reason)``; status is one of
        passed, skipped, failed, excluded, not run."""
        excluded = set(self.excluded)
        found = {}
        for test_id in self.listed:
            if test_id in excluded:
                found[test_id] = ("excluded",
                                  self.exclusion_reason(test_id))
                continue
            entry = self._entry(test_id)
            status = OUTCOME.get(entry.status if entry else None, "not run")
            found[test_id] = (status, entry.reason if entry else "")
        return found

    def per_class(self):
        """``{class: {outcome: count}}`` over the listed tests."""
        classes = {}
        for test_id, (status, _) in self.outcomes().items():
            counts = classes.setdefault(class_of(test_id), {})
            counts[status] = counts.get(status, 0) + 1
        return classes

    def counts(self):
        """Per listed test: passed, skipped, failed, not run, excluded."""
        counts = {"listed": len(self.listed), "excluded": 0, "passed": 0,
                  "skipped": 0, "failed": 0, "not_run": 0}
        for status, _ in self.outcomes().values():
            counts[status.replace(" ", "_")] += 1
        # setUpClass/tearDownClass errors fail no listed test by id.
        counts["fixture_errors"] = sum(
            1 for t in self.tests.values()
            if _CLASS_FIXTURE.match(t.id) and t.status == "fail")
        return counts

    def failures(self):
        return sorted(t.id for t in self.tests.values()
                      if t.status in ("fail", "uxsuccess"))

    def slowest(self, count=10):
        ran = [t for t in self.tests.values() if t.status != "skip"]
        ran.sort(key=lambda t: t.seconds, reverse=True)
        return [{"test": t.id, "seconds": round(t.seconds, 2),
                 "status": t.status} for t in ran[:count]]

    def over(self, seconds):
        return sorted(t.id for t in self.tests.values()
                      if t.seconds > seconds)

    def ran(self, pattern):
        """Ids of tests matching ``pattern`` (re.search) that passed."""
        regex = re.compile(pattern)
        return sorted(t.id for t in self.tests.values()
                      if t.status == "success" and regex.search(t.id))

    def as_dict(self):
        return {
            "workspace": self.workspace,
            "regex": self.regex,
            "exclude_list": self.exclude_list,
            "returncode": self.returncode,
            "seconds": round(self.seconds, 1),
            "counts": self.counts(),
            "failures": self.failures(),
            "slowest": self.slowest(),
            "classes": self.per_class(),
            "outcomes": {t: s for t, (s, _) in self.outcomes().items()},
            "skips": [{"test": t, "reason": r} for t, (s, r)
                      in self.outcomes().items() if s == "skipped"],
            "exclusions": [{"test": t, "reason": r} for t, (s, r)
                           in self.outcomes().items() if s == "excluded"],
            "subunit": self.subunit_file,
            "log": self.log_file,
        }


def list_tests(workspace, regex):
    """Test ids ``tempest run --list-tests --regex`` gives."""
    done = subprocess.run(
        [executables.find("tempest"), "run", "--list-tests", "--regex", regex,
         "--config-file", config_file(workspace)],
        cwd=workspace, capture_output=True, text=True, check=False,
        timeout=600, stdin=subprocess.DEVNULL)
    if done.returncode:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise errors.CheckFailed(
            f"tempest run --list-tests exited {done.returncode}: {tail}")
    return [line.strip() for line in done.stdout.splitlines()
            if line.strip().startswith("tempest.")]


def run(workspace, regex=IMAGE_REGEX, exclude_list=None, concurrency=2,
        timeout=3600, progress=None):
    """Run tempest in ``workspace``; return a :class:`RunResult`.

    ``progress``, if given, is called with a line of running counts every
    few seconds while tempest runs.
    """
    conf = config_file(workspace)
    if not os.path.isfile(conf):
        raise errors.BadInput(f"{conf}: no such file (tempest init and "
                              "tempest-conf configure first)")
    excludes = read_exclude_list(exclude_list) if exclude_list else []
    listed = list_tests(workspace, regex)
    excluded = [t for t in listed
                if any(rx.search(t) for rx, _ in excludes)]
    stamp = time.strftime("%Y%m%dT%H%M%S")
    subunit_file = os.path.join(workspace, f"tempest-{stamp}.subunit")
    log_file = os.path.join(workspace, f"tempest-{stamp}.log")
    argv = [executables.find("tempest"), "run", "--regex", regex,
            "--concurrency", str(concurrency), "--config-file", conf,
            "--subunit"]
    if exclude_list:
        argv += ["--exclude-list", os.path.abspath(exclude_list)]
    began = time.monotonic()
    with open(subunit_file, "wb") as out, open(log_file, "wb") as err:
        proc = subprocess.Popen(argv, cwd=workspace, stdout=out, stderr=err,
                                stdin=subprocess.DEVNULL)
        try:
            returncode = tempest_progress.wait(
                proc, subunit_file, parse_subunit, progress, timeout)
        except subprocess.TimeoutExpired:
            raise errors.CheckFailed(
                f"tempest run took more than {timeout:.0f} s; see "
                f"{log_file}") from None
    seconds = time.monotonic() - began
    with open(subunit_file, "rb") as stream:
        tests = parse_subunit(stream.read())
    return RunResult(
        workspace=workspace, regex=regex, exclude_list=exclude_list,
        returncode=returncode, seconds=seconds, listed=listed,
        excluded=excluded, excludes=excludes, tests=tests,
        subunit_file=subunit_file, log_file=log_file)


def parse_subunit(data):
    """``{test id: TestResult}`` from a subunit v2 byte stream."""
    import subunit  # noqa: PLC0415 - test-only dependencies
    import testtools  # noqa: PLC0415

    tests = {}

    def on_test(test):
        if test["status"] in (None, "exists", "inprogress"):
            return
        start, end = (test["timestamps"] + [None, None])[:2]
        seconds = (end - start).total_seconds() if start and end else 0.0
        reason = ""
        detail = test["details"].get("reason")
        if detail is not None:
            reason = detail.as_text()
        tests[test["id"]] = TestResult(test["id"], test["status"], seconds,
                                       reason)

    stream = subunit.ByteStreamToStreamResult(io.BytesIO(data),
                                              non_subunit_name="stdout")
    result = testtools.StreamToDict(on_test)
    result.startTestRun()
    try:
        stream.run(result)
    finally:
        result.stopTestRun()
    return tests


def problems(result, max_seconds=MAX_TEST_SECONDS):
    """What makes the run a failure, one line each (empty: it passed)."""
    found = [f"failed: {test_id}" for test_id in result.failures()]
    found += [f"over {max_seconds:g} s: {test_id} "
              f"({result.tests[test_id].seconds:.1f} s)"
              for test_id in result.over(max_seconds)]
    counts = result.counts()
    if not counts["passed"]:
        found.append("no test passed")
    if counts["not_run"]:
        found.append(f"{counts['not_run']} listed test(s) did not run; see "
                     f"{result.log_file}")
    if result.returncode and not found:
        found.append(f"tempest run exited {result.returncode}; see "
                     f"{result.log_file}")
    return found
