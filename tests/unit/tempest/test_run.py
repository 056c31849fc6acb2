"""Tests for nova_glance_v2.tempest.run: exclude list and counting."""

import io

import pytest

from nova_glance_v2 import errors
from nova_glance_v2.tempest import run as tempestrun


def test_exclude_list_reasons(tmp_path):
    path = tmp_path / "x.txt"
    path.write_text("# first\n# reason\n^a\\.b\n\n^c  # inline\n^d\n")
    found = tempestrun.read_exclude_list(str(path))
    assert [(r.pattern, why) for r, why in found] == [
        ("^a\\.b", "first reason"), ("^c", "inline"), ("^d", None)]
    path.write_text("# bad\n(\n")
    with pytest.raises(errors.BadInput):
        tempestrun.read_exclude_list(str(path))


def _result(tests, listed, excluded=()):
    return tempestrun.RunResult(
        workspace="w", regex="r", exclude_list=None, returncode=0,
        seconds=1.0, listed=listed, excluded=list(excluded),
        tests={t.id: t for t in tests}, subunit_file="s", log_file="l")


def test_counts_spread_class_skips_over_their_tests():
    ok = "pkg.mod.A.test_ok[id-1]"
    skipped_class = ["pkg.mod.B.test_1[id-2]", "pkg.mod.B.test_2[id-3]"]
    slow = "pkg.mod.C.test_slow[id-4]"
    gone = "pkg.mod.D.test_x[id-5]"
    result = _result(
        [tempestrun.TestResult(ok, "success", 0.5),
         tempestrun.TestResult("setUpClass (pkg.mod.B)", "skip", 0.0,
                               "no cache"),
         tempestrun.TestResult(slow, "fail", 61.0)],
        listed=[ok, *skipped_class, slow, gone], excluded=[gone])
    assert result.counts() == {
        "listed": 5, "excluded": 1, "passed": 1, "skipped": 2, "failed": 1,
        "not_run": 0, "fixture_errors": 0}
    problems = tempestrun.problems(result, 60)
    assert any(slow in p and "over 60 s" in p for p in problems)
    assert result.ran(r"\.A\.") == [ok]
    assert result.slowest(1)[0]["test"] == slow


def test_parse_subunit_timings():
    import datetime  # noqa: PLC0415

    from subunit import v2  # noqa: PLC0415

    out = io.BytesIO()
    stream = v2.StreamResultToBytes(out)
    began = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    for test_id, status, seconds in (("t.A.test_a", "success", 2.5),
                                     ("t.B.test_b", "skip", 0.0)):
        stream.status(test_id=test_id, test_status="inprogress",
                      timestamp=began)
        stream.status(test_id=test_id, test_status=status,
                      timestamp=began + datetime.timedelta(seconds=seconds))
    tests = tempestrun.parse_subunit(out.getvalue())
    assert tests["t.A.test_a"].status == "success"
    assert tests["t.A.test_a"].seconds == 2.5
    assert tests["t.B.test_b"].status == "skip"


def test_outcomes_carry_reasons_and_per_class_counts():
    skipped = "pkg.mod.B.test_1[id-2]"
    gone = "pkg.mod.D.test_x[id-5]"
    result = _result(
        [tempestrun.TestResult("setUpClass (pkg.mod.B)", "skip", 0.0,
                               "no cache")],
        listed=[skipped, gone], excluded=[gone])
    result.excludes = [(__import__("re").compile(r"\.D\."), "needs cinder")]
    assert result.outcomes() == {skipped: ("skipped", "no cache"),
                                 gone: ("excluded", "needs cinder")}
    assert result.per_class() == {"pkg.mod.B": {"skipped": 1},
                                  "pkg.mod.D": {"excluded": 1}}
    report = result.as_dict()
    assert report["skips"] == [{"test": skipped, "reason": "no cache"}]
    assert report["exclusions"] == [{"test": gone, "reason": "needs cinder"}]
