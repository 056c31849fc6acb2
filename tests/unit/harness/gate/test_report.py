"""gate/report.py's parts that need no gate run: the brief table view,
the outcomes owed, the logs carried into the report, the kept cloud's
commands."""

import types

from nova_glance_v2 import output
from nova_glance_v2_harness.gate import report
from nova_glance_v2_harness.localcloud import layout as layout_mod


def _gate(found=None, status=None, keep_cloud=False, root="/nowhere"):
    return types.SimpleNamespace(
        found=found or {}, status=status,
        options=types.SimpleNamespace(keep_cloud=keep_cloud),
        cloud=types.SimpleNamespace(layout=layout_mod.Layout(root)))


def _row(step, result):
    return {"step": step, "result": result}


def test_outcomes_come_from_the_steps_that_give_them():
    tempest = {"classes": {
        "tempest.api.compute.images.test_list.ListTest": {"passed": 3},
        "tempest.api.compute.images.test_show.ShowTest": {"passed": 2,
                                                          "failed": 1},
        "tempest.api.image.v2.test_images.ImagesTest": {"passed": 40}}}
    gate = _gate({"tempest": tempest, "images_intact": True,
                  "rollback_identical": False})
    rows = [_row("upgrade check (seeded)", "PASS"),
            _row("upgrade check", "FAIL")]
    assert report.outcomes(gate, rows) == {
        "seeded_upgrade_check_failed": True,
        "upgrade_check_passed": False,
        "compute_image_tests_passed": 5,
        "pre_upgrade_images_intact": True,
        "rollback_byte_identical": False,
    }


def test_a_step_that_did_not_run_owes_nothing():
    rows = [_row("upgrade check (seeded)", "NOT RUN")]
    assert set(report.outcomes(_gate(), rows).values()) == {None}


def test_logs_are_copied_under_their_service_names(tmp_path):
    glance_log = tmp_path / "glance.log"
    glance_log.write_text("glance says\n")
    playbook_log = tmp_path / "play.out"
    playbook_log.write_text("PLAY RECAP\n")
    gate = _gate(found={"tempest": {"log": str(tmp_path / "gone.log")},
                        "playbook_logs": [str(playbook_log)]},
                 status={"services": {"glance": {"log": str(glance_log)},
                                      "keystone": {"log": None}}})
    target = tmp_path / "report" / "logs"
    assert report._copy_logs(gate, str(target)) == {
        "glance": "logs/glance.log", "ansible-1": "logs/ansible-1.log"}
    assert (target / "glance.log").read_text() == "glance says\n"
    assert (target / "ansible-1.log").read_text() == "PLAY RECAP\n"


def test_kept_cloud_commands_only_for_a_kept_cloud_that_came_up(tmp_path):
    assert report.kept_cloud_commands(_gate(root=str(tmp_path))) is None
    kept = _gate(keep_cloud=True, root=str(tmp_path))
    assert report.kept_cloud_commands(kept) is None
    (tmp_path / "state.json").write_text("{}")
    commands = report.kept_cloud_commands(kept)
    assert commands["use"] == (
        f"export OS_CLIENT_CONFIG_FILE={tmp_path}/clouds.yaml "
        f"OS_CLOUD={layout_mod.CLOUD_NAME}")
    assert commands["stop"].endswith(
        f"nova-glance-v2-harness cloud down --state-dir {tmp_path} --purge")


def test_versions_name_every_package():
    found = report.versions()
    assert set(found) == set(report.PACKAGES)
    assert found["keystoneauth1"]


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
