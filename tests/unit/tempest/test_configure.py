"""Tests for nova_glance_v2.tempest.configure: dry run, backup, mode."""

import contextlib
import io
import os
import stat

import pytest

from nova_glance_v2 import cli
from nova_glance_v2 import errors
from nova_glance_v2.tempest import discover
from tests.unit.tempest.samples import LEGACY_CONF
from tests.unit.tempest.samples import PASSWORD
from tests.unit.tempest.samples import make_report as _report


@pytest.fixture
def offline(monkeypatch):
    monkeypatch.setattr(discover, "discover",
                        lambda cloud, config_file=None: _report())


def _configure(*argv):
    out = io.StringIO()
    parser = cli.build_parser()
    args = parser.parse_args(["--os-cloud", "c", "tempest-conf",
                              "configure", *argv])
    with contextlib.redirect_stdout(out):
        result = args.func(args)
    return result, out.getvalue()


def test_configure_dry_run_diff_masks_the_password(tmp_path, offline):
    conf = tmp_path / "tempest.conf"
    conf.write_text(LEGACY_CONF)
    result, _ = _configure("--config-file", str(conf), "--dry-run")
    assert result["changed"] and result["dry_run"]
    assert conf.read_text() == LEGACY_CONF
    assert "admin_password = ***" in result["diff"]
    assert "-api_v1 = True" in result["diff"]
    assert PASSWORD not in repr(result)
    assert {"op": "remove", "file": str(conf),
            "option": "image-feature-enabled.api_v1"} in result["actions"]


def test_table_prints_the_diff_only_with_diff(tmp_path, offline, capsys):
    conf = tmp_path / "tempest.conf"
    conf.write_text(LEGACY_CONF)
    argv = ["--os-cloud", "c", "tempest-conf", "configure", "--config-file",
            str(conf), "--dry-run"]
    assert cli.main(argv) == 0
    assert "admin_password = ***" not in capsys.readouterr().out
    assert cli.main([*argv, "--diff"]) == 0
    printed = capsys.readouterr().out
    assert "admin_password = ***" in printed
    assert PASSWORD not in printed


def test_configure_writes_backs_up_and_tightens_mode(tmp_path, offline):
    conf = tmp_path / "tempest.conf"
    conf.write_text(LEGACY_CONF)
    os.chmod(conf, 0o644)
    result, _ = _configure("--config-file", str(conf))
    assert result["backup"] and open(result["backup"]).read() == LEGACY_CONF
    assert stat.S_IMODE(os.stat(conf).st_mode) == 0o600
    assert f"admin_password = {PASSWORD}" in conf.read_text()
    assert any("0o600" in note for note in result["notes"])
    again, _ = _configure("--config-file", str(conf))
    assert not again["changed"] and again["backup"] is None


def test_configure_creates_a_missing_file_private(tmp_path, offline):
    conf = tmp_path / "tempest.conf"
    result, _ = _configure("--config-file", str(conf))
    assert result["created"]
    assert stat.S_IMODE(os.stat(conf).st_mode) == 0o600
    assert "[image-feature-enabled]" in conf.read_text()


def test_configure_needs_a_cloud(tmp_path):
    parser = cli.build_parser()
    args = parser.parse_args(["tempest-conf", "configure", "--config-file",
                              str(tmp_path / "t.conf")])
    args.os_cloud = None
    with pytest.raises(errors.BadInput):
        args.func(args)
