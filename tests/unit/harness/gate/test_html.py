"""Tests for nova_glance_v2_harness.gate.html: the page is whole and
escaped."""

import re

from nova_glance_v2_harness.gate import html


def _summary(**changes):
    summary = {
        "verdict": "FAIL", "failed_step": "tempest",
        "failure": "tempest: failed: t.<script>",
        "scenario": "upgrade",
        "nova": {"kind": "wrapper-free", "path": "/o", "series_sha256": "ab"},
        "seconds": 200.0,
        "steps": [{"step": "cloud up", "result": "PASS", "seconds": 20.0,
                   "details": {}},
                  {"step": "tempest", "result": "FAIL", "seconds": 90.0,
                   "details": "x"},
                  {"step": "rollback playbook", "result": "NOT RUN",
                   "seconds": 0, "details": ""}],
        "outcomes": {"rollback_byte_identical": None},
        "fidelity": None, "tempest": None, "images": [],
        "versions": {"nova": "34.0.0"},
        "logs": {"glance": "logs/glance.log"},
    }
    summary.update(changes)
    return summary


def test_verdict_first_steps_chart_and_escaping():
    page = html.render(_summary())
    assert page.index('id="verdict"') < page.index('id="steps"')
    assert "gate FAIL" in page and "Failed step: <b>tempest</b>" in page
    assert "<script>" not in page and "t.&lt;script&gt;" in page
    assert page.count('<rect class="bar-') == 3
    assert '<a href="logs/glance.log">glance</a>' in page


def test_nothing_to_fetch():
    page = html.render(_summary(fidelity={
        "job": "j", "regex": "r", "selected": 3, "passed": 2, "failed": 0,
        "excluded": {"nova-compute": 1}, "skipped_here_only": [],
        "skipped_on_devstack_too": 0, "relevant": 3, "percent": 100.0,
        "goal": 90.0, "meets_goal": True}))
    assert "Fidelity to j: 100.0%" in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "<script" not in page and "<link" not in page
