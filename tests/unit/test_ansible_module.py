"""The roles' ``nova_glance_v2`` Ansible module: argv, JSON, changed, diff.

Its pure parts; the functional tests run it through ansible-playbook.
"""

import importlib.util
import pathlib

TOP = pathlib.Path(__file__).resolve().parents[2]
PATH = TOP / "roles/install-nova-glance-v2/library/nova_glance_v2.py"
spec = importlib.util.spec_from_file_location("nova_glance_v2_module", PATH)
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)


def params(**overrides):
    return {"executable": "/venv/bin/nova-glance-v2",
            "command": ["nova-conf", "configure", "--config-file=/n.conf"],
            "writes": False, "os_cloud": "",
            "clouds_yaml": "", "ok_exit_codes": [0], **overrides}


def test_command_line_read_only():
    argv = module.command_line(params(os_cloud="admin"), True)
    assert argv == ["/venv/bin/nova-glance-v2", "-f", "json", "--os-cloud",
                    "admin", "nova-conf", "configure", "--config-file=/n.conf"]


def test_check_mode_is_dry_run_for_writing_commands():
    given = params(writes=True)
    assert module.command_line(given, False)[-1] == "--config-file=/n.conf"
    assert module.command_line(given, True)[-1] == "--dry-run"


def test_parse_output_wants_one_object():
    assert module.parse_output('{"changed": true}') == {"changed": True}
    assert module.parse_output('[{"changed": true}]') is None
    assert module.parse_output("") is None


def test_changed_comes_from_the_json_of_writing_commands_only():
    data = {"changed": True, "diff": "--- a\n+++ b\n"}
    assert module.outcome(params(writes=True), data) == (
        True, {"prepared": "--- a\n+++ b\n"})
    assert module.outcome(params(writes=True), {"changed": False,
                                                "diff": ""}) == (False, None)
    assert module.outcome(params(), data)[0] is False
