"""The gate, run for real on a local cloud of its own.

The upgrade scenario runs once for the session (conftest's
``upgrade_gate``: the project's main job, through its Zuul playbook);
each test asserts on one part of its summary, its progress lines or its
report. Then two runs with a real fault injected while the gate runs,
each stopping at the step that must catch it, with a one-test tempest
regex so that they stay short: a host whose nova.conf cannot be parsed,
a pre-upgrade image deleted behind the gate's back. How a step's command
failing (a service down: exit 3 naming it) becomes the gate's failed step
is unit-tested (tests/unit/harness/gate/test_context.py).
"""

import json
import os
import subprocess
import sys

import pytest
from openstack import config as os_config

from nova_glance_v2_harness.localcloud import layout
from tests.functional import browser
from tests.functional.conftest import FAULT_GATE_PORTS

pytestmark = pytest.mark.functional

ONE_TEST = r"^tempest\.api\.image\.v2\.test_versions\."


def run_gate(state_dir, *argv, on_line=None):
    """``nova-glance-v2 -f json gate``; ``on_line(line)`` sees each
    progress line as it comes. Returns (exit code, summary, stderr)."""
    ports = [f"--keystone-port={FAULT_GATE_PORTS['keystone']}",
             f"--glance-port={FAULT_GATE_PORTS['glance']}",
             f"--nova-port={FAULT_GATE_PORTS['nova-api']}"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "nova_glance_v2_harness.cli", "-f", "json",
         "gate",
         "--state-dir", str(state_dir), *ports, *argv],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        stdin=subprocess.DEVNULL)
    lines = []
    for line in proc.stderr:
        lines.append(line)
        if on_line:
            on_line(line.rstrip("\n"))
    stdout = proc.stdout.read()
    proc.wait(timeout=60)
    return proc.returncode, json.loads(stdout), "".join(lines)


def test_upgrade_scenario_passes(upgrade_gate):
    summary = upgrade_gate.summary
    assert summary["failure"] is None, (summary["failure"],
                                        upgrade_gate.progress[-3000:])
    assert summary["verdict"] == "PASS"
    assert summary["scenario"] == "upgrade"
    assert [s["result"] for s in summary["steps"]] == \
        ["PASS"] * len(summary["steps"])


def test_upgrade_scenario_outcomes(upgrade_gate):
    summary = upgrade_gate.summary
    outcomes = summary["outcomes"]
    assert outcomes["seeded_upgrade_check_failed"] is True
    assert outcomes["upgrade_check_passed"] is True
    assert outcomes["compute_image_tests_passed"] > 0
    assert outcomes["pre_upgrade_images_intact"] is True
    assert outcomes["rollback_byte_identical"] is True
    # nova-api ran the wrapper-free nova, and the report says which series.
    assert summary["nova"]["kind"] == "wrapper-free"
    assert len(summary["nova"]["series_sha256"]) == 64
    seeded = next(s for s in summary["steps"]
                  if s["step"] == "upgrade check (seeded)")
    assert any("legacy glance options" in f
               for f in seeded["details"]["failures"])


def test_report_on_disk_matches_the_summary(upgrade_gate):
    summary = upgrade_gate.summary
    with open(summary["report"]["summary"]) as stream:
        on_disk = json.load(stream)
    assert on_disk["verdict"] == summary["verdict"]
    assert on_disk["steps"] == summary["steps"]
    tempest = on_disk["tempest"]
    assert tempest["counts"]["passed"] > 0
    assert len(tempest["slowest"]) == 10
    assert all(s["reason"] for s in tempest["skips"])
    assert all(e["reason"] for e in tempest["exclusions"])
    assert {"keystone", "glance", "nova", "tempest"} <= set(
        v for v, version in on_disk["versions"].items() if version)
    for path in on_disk["logs"].values():
        assert os.path.isfile(os.path.join(
            os.path.dirname(summary["report"]["html"]), path))


def test_fidelity_figure(upgrade_gate):
    summary = upgrade_gate.summary
    fidelity = summary["fidelity"]
    assert fidelity is not None, "the gate did not run the job's regex"
    assert fidelity["selected"] == summary["tempest"]["counts"]["listed"]
    assert 0 < fidelity["percent"] <= 100


def test_progress_lines(upgrade_gate):
    summary, stderr = upgrade_gate.summary, upgrade_gate.progress
    for step in summary["steps"]:
        assert f"] start {step['step']}\n" in stderr
        assert f"] PASS {step['step']} (" in stderr
    assert "tempest: " in stderr and " passed, " in stderr


def _failed_the_same_on_disk(summary):
    with open(summary["report"]["summary"]) as stream:
        on_disk = json.load(stream)
    assert on_disk["failed_step"] == summary["failed_step"]
    with open(summary["report"]["html"]) as stream:
        assert summary["failed_step"] in stream.read()


def test_playbook_failing_on_one_host(tmp_path):
    broken = tmp_path / "nova.conf"
    broken.write_text("[DEFAULT\nmy_ip = 127.0.0.1\n")
    code, summary, _ = run_gate(
        tmp_path / "state", f"--extra-host=broken={broken}",
        f"--tempest-regex={ONE_TEST}")
    assert code == 1
    assert summary["failed_step"] == "upgrade playbook"
    assert "failed on broken" in summary["failure"]
    _failed_the_same_on_disk(summary)


def test_pre_upgrade_image_deleted(tmp_path):
    state_dir = tmp_path / "state"
    deleted = []

    def delete_an_image(line):
        if line.endswith("] start upgrade playbook"):
            clouds_yaml = os.path.join(state_dir, "clouds.yaml")
            config = os_config.OpenStackConfig(config_files=[clouds_yaml])
            session = config.get_one(cloud=layout.CLOUD_NAME).get_session()
            glance = f"http://127.0.0.1:{FAULT_GATE_PORTS['glance']}"
            images = session.get(f"{glance}/v2/images").json()["images"]
            victim = next(i for i in images
                          if i["name"].endswith("pre-upgrade-3"))
            session.delete(f"{glance}/v2/images/{victim['id']}")
            deleted.append(victim["id"])

    code, summary, _ = run_gate(state_dir, f"--tempest-regex={ONE_TEST}",
                                on_line=delete_an_image)
    assert deleted
    assert code == 1
    assert summary["failed_step"] == "pre-upgrade images intact"
    assert deleted[0] in summary["failure"]
    _failed_the_same_on_disk(summary)


def test_report_opens_in_headless_chromium(upgrade_gate, tmp_path):
    summary = upgrade_gate.summary
    page = summary["report"]["html"]
    url = "file://" + page
    shown = browser.open_page(url, tmp_path)
    dom = shown.dom
    assert 'id="verdict"' in dom and "gate PASS" in dom
    assert 'id="steps"' in dom and "upgrade playbook" in dom
    assert 'id="step-chart"' in dom
    assert f"{summary['fidelity']['percent']:.1f}%" in dom
    # Nothing but the page itself was asked for: no network request.
    assert shown.requested == [], shown.requested
    assert browser.png_size(shown.screenshot) == browser.WINDOW
    assert shown.screenshot.stat().st_size > browser.blank_screenshot_size(
        tmp_path), "the screenshot is blank"
