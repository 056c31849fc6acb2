"""``nova-glance-v2 upgrade check``'s exit codes.

oslo.upgradecheck's 0/1/2 (Success/Warning/Failure) are the verdict, as
for ``nova-status upgrade check``; bad input, an unreachable keystone and
an internal error each exit with a code that cannot pass for one of them.
The verdicts here come from nova config files alone (no --os-cloud: the
catalog is a Warning, "not checked"); 0 needs a cloud and is checked on
the real one (tests/functional/test_upgrade_check.py).
"""

import json
import socket

import pytest

from nova_glance_v2 import cli
from nova_glance_v2 import errors

VERDICTS = (0, 1, 2)


def _check(capsys, *argv):
    try:
        code = cli.main(["upgrade", "check", *argv])
    except SystemExit as exc:
        code = exc.code
    return code, capsys.readouterr().err


def test_a_warning_is_1_and_a_failure_is_2(tmp_path, capsys,
                                            monkeypatch):
    monkeypatch.delenv("OS_CLOUD", raising=False)
    fine = tmp_path / "fine.conf"
    fine.write_text("[glance]\nregion_name = RegionOne\n")
    legacy = tmp_path / "legacy.conf"
    legacy.write_text("[glance]\napi_servers = http://127.0.0.1:9292\n"
                      "[DEFAULT]\nglance_api_servers = g:9292\n")
    assert _check(capsys, "--json", f"--nova-conf={fine}")[0] == 1
    assert _check(capsys, "--json", f"--nova-conf={legacy}")[0] == 2


@pytest.mark.parametrize("argv", [
    ["--bogus"], ["--region"], ["--nova-conf", "/nonexistent/nova.conf"],
], ids=["unknown flag", "missing value", "missing file"])
def test_bad_input_is_5_not_a_failure(argv, capsys, monkeypatch):
    monkeypatch.delenv("OS_CLOUD", raising=False)
    code, err = _check(capsys, *argv)
    assert code == errors.EXIT_UPGRADE_BAD_INPUT
    assert code not in VERDICTS
    assert len(err.strip().splitlines()) == 1


def test_the_same_bad_input_elsewhere_is_2(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["catalog", "show", "--bogus"])
    assert exit_info.value.code == errors.EXIT_BAD_INPUT
    capsys.readouterr()


def test_an_unreachable_keystone_is_3(tmp_path, capsys, monkeypatch):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    clouds = tmp_path / "clouds.yaml"
    clouds.write_text(
        "clouds:\n  dead:\n    auth:\n"
        f"      auth_url: http://127.0.0.1:{port}/identity\n"
        "      username: admin\n      password: secret\n"
        "      project_name: admin\n      user_domain_name: Default\n"
        "      project_domain_name: Default\n")
    monkeypatch.setenv("OS_CLIENT_CONFIG_FILE", str(clouds))
    code, err = _check(capsys, "--os-cloud", "dead", "--json")
    assert code == errors.EXIT_UNAVAILABLE
    assert code not in VERDICTS
    assert "keystone" in err and "secret" not in err


def test_an_internal_error_is_4(capsys, monkeypatch):
    from nova_glance_v2.checks import upgrade

    def broken(**asked):
        raise RuntimeError("boom")

    monkeypatch.setattr(upgrade, "check_command", broken)
    code, err = _check(capsys, "--json")
    assert code == errors.EXIT_INTERNAL
    assert code not in VERDICTS
    assert "internal error: RuntimeError: boom" in err


# -- oslo.upgradecheck's shapes: --json, -f json and the table ------------

LEGACY = "[DEFAULT]\nglance_host = g\n"
CATALOG = "[glance]\nregion_name = R\n"


@pytest.fixture
def conf(tmp_path, monkeypatch):
    monkeypatch.delenv("OS_CLOUD", raising=False)

    def write(text):
        path = tmp_path / "nova.conf"
        path.write_text(text)
        return str(path)
    return write


@pytest.mark.parametrize("argv", [["--json"], ["-f", "json"]])
def test_json_as_oslo_upgradecheck_shapes_it(conf, capsys, argv):
    path = conf(CATALOG)
    assert cli.main(["upgrade", "check", "--nova-conf", path, *argv]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["name"] == "nova-glance-v2 Upgrade Check Results"
    results = {c["check"]: c["result"] for c in data["checks"]}
    assert results["Keystone catalog"] == 1
    assert results[f"{path}: legacy glance options"] == 0


def test_a_failure_is_oslos_2_in_the_table_too(conf, capsys):
    path = conf(LEGACY)
    assert cli.main(["upgrade", "check", "--nova-conf", path]) == 2
    out = capsys.readouterr().out
    assert "nova-glance-v2 Upgrade Check Results" in out
    assert "[DEFAULT] glance_host" in out
