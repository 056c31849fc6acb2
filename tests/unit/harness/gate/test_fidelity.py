"""Tests for nova_glance_v2_harness.gate.fidelity: the job's regex and the
figure."""

from nova_glance_v2_harness.gate import fidelity

JOB = """
- job:
    name: other
    vars:
      tempest_test_regex: nope
- job:
    name: nova-glance-v2-tempest
    vars:
      tempest_test_regex: ^tempest\\.api\\.image
"""


def test_job_regex_from_zuul_d(tmp_path):
    assert fidelity.job_regex(str(tmp_path)) is None
    (tmp_path / "zuul.d").mkdir()
    (tmp_path / "zuul.d" / "jobs.yaml").write_text(JOB)
    assert fidelity.job_regex(str(tmp_path)) == r"^tempest\.api\.image"


def _report(regex="R"):
    outcomes = {"t.a": "passed", "t.b": "skipped", "t.c": "passed",
                "t.d": "excluded", "t.e": "excluded", "t.f": "failed",
                "t.Devstack.g": "passed", "t.Devstack.h": "skipped"}
    return {
        "regex": regex, "outcomes": outcomes,
        "skips": [{"test": "t.b", "reason": "Snapshotting is off"},
                  {"test": "t.Devstack.h", "reason": "no http store"}],
        "exclusions": [{"test": "t.d", "reason": "boots: needs nova-compute"},
                       {"test": "t.e", "reason": "flaky here"}],
    }


def test_figure_leaves_devstack_skips_out_and_counts_allowed_exclusions(
        tmp_path):
    devstack = tmp_path / "devstack.txt"
    devstack.write_text("# devstack skips these\n\\.Devstack\\.\n")
    found = fidelity.figure(_report(), "R", str(devstack))
    assert found["selected"] == 8
    assert found["skipped_on_devstack_too"] == 2
    assert found["relevant"] == 6
    assert found["excluded"] == {"nova-compute": 1, "other": 1}
    assert found["percent"] == 50.0         # (2 passed + 1) / 6
    assert not found["meets_goal"]
    assert found["skipped_here_only"] == [
        {"test": "t.b", "reason": "Snapshotting is off"}]


def test_no_figure_for_another_regex():
    assert fidelity.figure(_report("other"), "R") is None
    assert fidelity.figure(None, "R") is None


def test_need_of():
    assert fidelity.need_of("needs nova-compute and cinder") == \
        "nova-compute"
    assert fidelity.need_of("downloads from the internet") == "internet"
    assert fidelity.need_of("slow") is None
