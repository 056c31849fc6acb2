"""gate/scenarios.py's steps on a fake gate: what each asks the CLI for
and when it fails the step (the gate's run itself: test_gate*.py)."""

import types

import pytest

from nova_glance_v2 import errors
from nova_glance_v2_harness.gate import scenarios


class FakeGate:
    """Records ``cli`` calls and answers them from ``reports``."""

    def __init__(self, reports=None, **options):
        self.reports = reports or {}
        self.calls = []
        self.restarted = []
        self.found = {}
        self.glance_url = "http://glance.test"
        self.nova_conf = "/etc/nova/nova.conf"
        self.workspace = "/ws"
        self.options = types.SimpleNamespace(**options)
        self.hosts = types.SimpleNamespace(
            seeded_files=lambda: ["/a/nova.conf", "/b/nova.conf"])
        self.cloud = types.SimpleNamespace(restart=self.restarted.append)

    def cli(self, *argv, **kwargs):
        self.calls.append((argv, kwargs))
        return self.reports.get(argv[0], {})


def _checks(*results):
    return {"upgrade": {"checks": [
        {"check": f"c{n}", "result": r, "details": f"d{n}"}
        for n, r in enumerate(results)]}}


def test_upgrade_check_passes_with_warnings_and_checks_every_file():
    gate = FakeGate(_checks(0, 1))
    assert scenarios.upgrade_check(gate) == {"failures": [],
                                              "warnings": ["c1"]}
    [(argv, kwargs)] = gate.calls
    assert argv == ("upgrade", "check", "--nova-conf=/a/nova.conf",
                    "--nova-conf=/b/nova.conf")
    assert kwargs == {"allowed": (0, 1, scenarios.UPGRADE_CHECK_FAILURE)}


def test_upgrade_check_fails_the_step_on_a_failure():
    with pytest.raises(errors.CheckFailed, match="upgrade check: c1: d1"):
        scenarios.upgrade_check(FakeGate(_checks(0, 2)))


def test_the_seeded_check_must_find_a_failure():
    gate = FakeGate(_checks(2))
    assert scenarios.upgrade_check(gate, expect_failure=True)[
        "failures"] == ["c0: d0"]
    with pytest.raises(errors.CheckFailed, match="the seed is not legacy"):
        scenarios.upgrade_check(FakeGate(_checks(0, 1)),
                                expect_failure=True)


def test_tempest_problems_fail_the_step_and_the_report_is_kept():
    report = {"problems": ["0 tests ran"], "counts": {}, "seconds": 1.0}
    gate = FakeGate({"tempest-run": report}, tempest_regex="r",
                    tempest_exclude_list="x", tempest_concurrency=2)
    with pytest.raises(errors.CheckFailed, match="tempest: 0 tests ran"):
        scenarios.tempest(gate)
    assert gate.found["tempest"] is report
    report["problems"] = []
    report["counts"] = {"passed": 3}
    assert scenarios.tempest(gate) == {"passed": 3, "seconds": 1}


@pytest.mark.parametrize(("mode", "where"), [
    ("api_servers", ["--api-servers", "http://glance.test"]),
    ("endpoint_override", ["--endpoint-override", "http://glance.test"]),
    ("catalog", ["--region", "RegionOne"]),
])
def test_nova_conf_configure_per_mode_then_nova_api_restarts(mode, where):
    gate = FakeGate(nova_mode=mode)
    assert scenarios.nova_conf_configure(gate) == {"mode": mode}
    [(argv, _)] = gate.calls
    assert list(argv) == ["nova-conf", "configure", "--config-file",
                          "/etc/nova/nova.conf", "--mode", mode, *where]
    assert gate.restarted == ["nova-api"]


def test_rollback_must_give_the_seeded_bytes_back(monkeypatch):
    monkeypatch.setattr(scenarios.playbooks, "run",
                        lambda gate, playbook: {"playbook": playbook})
    gate = FakeGate()
    gate.found["seeded"] = {"/a": "old a", "/b": "old b"}
    contents = {"/a": "old a", "/b": "old b"}
    gate.hosts.contents = lambda: dict(contents)
    assert scenarios.rollback(gate)["byte_identical"] == ["/a", "/b"]
    assert gate.found["rollback_identical"] is True
    contents["/b"] = "upgraded b"
    with pytest.raises(errors.CheckFailed, match="differ from the seeded "
                                                 "ones: /b$"):
        scenarios.rollback(gate)
    assert gate.found["rollback_identical"] is False


def test_the_upgrade_scenarios_steps_in_order(monkeypatch):
    monkeypatch.setattr(scenarios.playbooks, "Hosts",
                        lambda gate, extra: extra)
    gate = FakeGate(extra_hosts=("h2",))
    names = [name for name, _ in scenarios.upgrade(gate)]
    assert gate.hosts == ("h2",)
    assert names.index("upgrade check (seeded)") < names.index(
        "upgrade playbook") < names.index("upgrade check")
    assert names[-3:] == ["rollback playbook", "upgrade playbook (again)",
                          "upgrade check (again)"]
