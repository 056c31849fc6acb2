"""Tests for nova_glance_v2.tempest.progress: counts from a partial
subunit stream."""

import datetime
import io
import subprocess
import sys

from subunit import v2

from nova_glance_v2.tempest import progress
from nova_glance_v2.tempest import run as tempestrun


def _stream(results):
    out = io.BytesIO()
    stream = v2.StreamResultToBytes(out)
    now = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    for test_id, status in results:
        stream.status(test_id=test_id, test_status="inprogress",
                      timestamp=now)
        stream.status(test_id=test_id, test_status=status, timestamp=now,
                      file_name="reason", file_bytes=b"why",
                      mime_type="text/plain")
    return out.getvalue()


def test_complete_prefix_cuts_a_half_written_packet():
    data = _stream([("t.A.test_a", "success"), ("t.B.test_b", "skip"),
                    ("t.C.test_c", "fail")])
    assert progress.complete_prefix(data) == data
    for cut in range(1, 40):
        prefix = progress.complete_prefix(data[:-cut])
        assert data.startswith(prefix) and len(prefix) < len(data)
        tests = tempestrun.parse_subunit(prefix)
        assert set(tests) <= {"t.A.test_a", "t.B.test_b"}
    assert progress.complete_prefix(b"not subunit") == b""


def test_tally_and_line():
    tests = tempestrun.parse_subunit(_stream([
        ("t.A.a", "success"), ("t.A.b", "success"), ("t.B.c", "skip"),
        ("t.C.d", "fail")]))
    counts = progress.tally(tests)
    assert counts == {"passed": 2, "failed": 1, "skipped": 1}
    assert progress.line(counts, 12.4) == (
        "tempest: 2 passed, 1 failed, 1 skipped after 12 s")


def test_wait_reports_while_the_process_runs(tmp_path):
    subunit_file = tmp_path / "run.subunit"
    subunit_file.write_bytes(_stream([("t.A.a", "success")]))
    proc = subprocess.Popen([sys.executable, "-c",
                             "import time; time.sleep(0.5)"])
    lines = []
    code = progress.wait(proc, str(subunit_file), tempestrun.parse_subunit,
                         lines.append, timeout=30, interval=0.1)
    assert code == 0
    assert lines and lines[-1].startswith("tempest: 1 passed, 0 failed")
