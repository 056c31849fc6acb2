"""``nova-glance-v2 upgrade check`` offline (no --os-cloud): nova config
files through the command line, oslo.upgradecheck's codes and shapes."""

import json

import pytest

from nova_glance_v2 import cli

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
