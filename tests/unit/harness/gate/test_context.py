"""Tests for nova_glance_v2_harness.gate.context: how a step's command
failing becomes the gate's failed step.

The commands are tiny Python processes standing in for a
``nova-glance-v2`` command that met a dead service (exit 3, one line
naming it) or a failed check: what is tested is the propagation, which
the functional gate run cannot reach without killing services.
"""

import io
import json
import os
import sys

import pytest

from nova_glance_v2 import errors
from nova_glance_v2.checks import steps
from nova_glance_v2_harness.gate import context
from nova_glance_v2_harness.gate import progress


def _gate(tmp_path, stream):
    options = context.Options(
        scenario="fresh", nova="stock", state_dir=str(tmp_path), ports={},
        keep_cloud=False, nova_mode="api_servers", extra_hosts=[],
        tempest_regex="R", tempest_exclude_list=None, tempest_concurrency=1,
        checkout=str(tmp_path))
    return context.Gate(options, progress.Progress(stream))


def _command(exit_code, stderr_lines=(), stdout=""):
    code = (
        "import sys\n"
        f"sys.stdout.write({stdout!r})\n"
        f"for line in {list(stderr_lines)!r}:\n"
        "    sys.stderr.write(line + '\\n'); sys.stderr.flush()\n"
        f"sys.exit({exit_code})\n")
    return [sys.executable, "-c", code]


def test_an_unreachable_service_fails_the_step_naming_it(tmp_path):
    gate = _gate(tmp_path, io.StringIO())
    dead_keystone = _command(3, [
        "connecting...",
        "nova-glance-v2: error: keystone at http://127.0.0.1:5000 is "
        "unreachable"])
    ran = []
    result = steps.run([
        ("cloud up", lambda: ran.append("cloud up")),
        ("catalog ensure", lambda: gate.run(dead_keystone, env=os.environ)),
        ("verify", lambda: ran.append("verify")),
    ])
    assert ran == ["cloud up"]
    assert result.exit_code == errors.EXIT_CHECK_FAILED
    rows = {row["step"]: row for row in result.data["steps"]}
    failed = rows["catalog ensure"]
    assert failed["result"] == steps.FAIL
    # The exit code and only the last stderr line: the reason.
    assert failed["details"].endswith(
        " exited 3: nova-glance-v2: error: keystone at "
        "http://127.0.0.1:5000 is unreachable")
    assert rows["verify"]["result"] == steps.NOT_RUN


def test_failed_rows_of_the_command_report_are_named(tmp_path):
    gate = _gate(tmp_path, io.StringIO())
    report = {"steps": [
        {"step": "catalog", "result": "PASS", "details": ""},
        {"step": "glance round trip", "result": "FAIL",
         "details": "glance: 503"}],
        "checks": [{"check": "legacy options", "result": 2,
                    "details": "[glance] api_insecure"}],
        "problems": ["t.test_x: 61 s"]}
    with pytest.raises(errors.CheckFailed) as failure:
        gate.run(_command(1, stdout=json.dumps(report)), env=os.environ)
    text = str(failure.value)
    assert "glance round trip: glance: 503" in text
    assert "legacy options: [glance] api_insecure" in text
    assert "t.test_x: 61 s" in text
    assert "catalog:" not in text


def test_an_allowed_exit_code_is_returned(tmp_path):
    gate = _gate(tmp_path, io.StringIO())
    assert gate.run(_command(2, stdout="{}"), allowed=(0, 2),
                    env=os.environ) == (2, "{}")


def test_relayed_stderr_goes_to_the_progress_as_it_comes(tmp_path):
    stream = io.StringIO()
    gate = _gate(tmp_path, stream)
    gate.run(_command(0, ["tempest: 3 passed, 0 failed", ""]),
             env=os.environ, relay=True)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 1
    assert lines[0].endswith("]   tempest: 3 passed, 0 failed")
