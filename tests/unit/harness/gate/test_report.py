"""Tests for nova_glance_v2_harness.gate.report: the brief table view."""

from nova_glance_v2 import output
from nova_glance_v2_harness.gate import report


def _summary(**more):
    steps = [{"step": f"step {n}", "result": "PASS", "seconds": n,
              "details": {"lines": ["x" * 60] * 20}} for n in range(14)]
    return {"verdict": "PASS", "failed_step": None, "failure": None,
            "seconds": 321.5, "fidelity": {"percent": 93.25, "passed": 3},
            "report": {"summary": "/s/report/summary.json",
                       "html": "/s/report/index.html"},
            "steps": steps, "tempest": {"slowest": list(range(10))},
            **more}


def test_the_table_is_short_and_has_what_a_person_needs():
    kept = {"use": "export OS_CLOUD=x", "stop": "h cloud down --purge"}
    text = output.render(report.brief(_summary(kept_cloud=kept)))
    assert len(text.splitlines()) < 40
    assert "PASS" in text and "93.2%" in text
    assert "/s/report/index.html" in text
    # The kept cloud's commands before the step list, whole.
    assert text.index("export OS_CLOUD=x") < text.index("step 13")
    assert "xxxx" not in text


def test_a_run_without_fidelity_or_kept_cloud():
    brief = report.brief(_summary(fidelity=None))
    assert brief["fidelity"] is None and brief["kept_cloud"] is None
