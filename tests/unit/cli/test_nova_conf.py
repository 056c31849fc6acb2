"""Tests for ``nova-glance-v2 nova-conf configure|rollback``."""

import json
import os
import shutil
import socket

import pytest

from nova_glance_v2 import cli
from nova_glance_v2 import session
from nova_glance_v2.novaconf import document
from tests.unit.novaconf.corpus_cases import CONFLICTS
from tests.unit.novaconf.corpus_cases import source

SECRETS = ("Rabbit-S3cret", "Db-S3cret", "Memcache-S3cret", "Neutron-S3cret")


@pytest.fixture
def conf(tmp_path):
    """Copy a corpus file into a private directory; return its path."""

    def copy(stem, name="nova.conf"):
        path = tmp_path / name
        shutil.copyfile(source(stem), path)
        return path

    return copy


@pytest.fixture(autouse=True)
def offline(monkeypatch):
    """Fail any test that reaches for the network or builds a session."""

    def no_network(*args, **kwargs):
        raise AssertionError("the network was used")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(session, "connect", no_network)


def run(capsys, *argv):
    code = cli.main(["nova-conf", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *argv):
    code, out, err = run(capsys, *argv, "-f", "json")
    return code, (json.loads(out) if code == 0 else None), err


def listing(path):
    return sorted(os.listdir(path.parent))


def test_dry_run_writes_nothing(capsys, conf):
    path = conf("kilo_default_host")
    before = path.read_bytes()
    code, data, _ = run_json(
        capsys, "configure", "--config-file", str(path), "--dry-run"
    )
    assert code == 0
    assert data["changed"] is True
    assert data["files"][0]["backup"] is None
    assert data["dry_run"] is True
    assert "+api_servers = " in data["diff"]
    assert path.read_bytes() == before
    assert listing(path) == ["nova.conf"]


@pytest.mark.parametrize("fmt", ["table", "json"])
@pytest.mark.parametrize(
    "stem", ["kilo_default_host", "liberty_glance_section", "newton_versioned"]
)
def test_diff_never_shows_a_secret(capsys, conf, fmt, stem):
    path = conf(stem)
    code, out, err = run(
        capsys, "configure", "--config-file", str(path), "--dry-run",
        "--diff", "-f", fmt,
    )
    assert code == 0
    assert "+++ " in out and "api_servers = " in out
    for secret in SECRETS:
        assert secret not in out + err
    assert any(secret in path.read_text() for secret in SECRETS)


def test_json_report_fields(capsys, conf):
    path = conf("liberty_glance_section")
    code, data, _ = run_json(
        capsys, "configure", "--config-file", str(path)
    )
    assert code == 0
    assert set(data) == {"changed", "dry_run", "actions", "diff", "files"}
    assert set(data["files"][0]) == {
        "file", "changed", "backup", "added", "removed",
        "migrated", "dropped", "notes",
    }
    assert data["files"][0]["migrated"]["[glance] host"] == (
        "[glance] api_servers")
    assert {"op": "remove", "file": str(path),
            "option": "[glance] host"} in data["actions"]
    assert all(a["file"] == str(path) for a in data["actions"])


def test_backup_rollback_mode_owner_and_rerun(capsys, conf):
    path = conf("kilo_default_host")
    original = path.read_bytes()
    os.chmod(path, 0o640)
    os.chown(path, 4242, 4343)  # the tests run as root

    code, data, _ = run_json(capsys, "configure", "--config-file", str(path))
    assert code == 0
    backup = data["files"][0]["backup"]
    assert os.path.dirname(backup) == str(path.parent)
    assert open(backup, "rb").read() == original
    assert path.read_bytes() != original
    # The file keeps its mode; its backup, holding the same secrets, is
    # for the owner only.
    for checked, mode in ((path, 0o640), (backup, 0o600)):
        st = os.stat(checked)
        assert (st.st_mode & 0o777, st.st_uid, st.st_gid) == (
            mode, 4242, 4343,
        )

    # Re-run: nothing to do, no write, no new backup.
    mtime = os.stat(path).st_mtime_ns
    code, data, _ = run_json(capsys, "configure", "--config-file", str(path))
    assert code == 0
    assert data["changed"] is False
    assert data["actions"] == [] and data["diff"] == ""
    assert data["files"][0]["backup"] is None
    assert os.stat(path).st_mtime_ns == mtime
    assert len(listing(path)) == 2

    code, data, _ = run_json(capsys, "rollback", "--config-file", str(path))
    assert code == 0
    assert data["changed"] is True
    assert data["actions"] == [
        {"op": "restore", "file": str(path), "backup": backup}]
    assert data["files"] == [
        {"file": str(path), "backup": backup, "changed": True}]
    assert path.read_bytes() == original
    st = os.stat(path)
    assert (st.st_mode & 0o777, st.st_uid, st.st_gid) == (0o640, 4242, 4343)
    code, data, _ = run_json(capsys, "rollback", "--config-file", str(path))
    assert data["changed"] is False and data["actions"] == []


def test_backup_dir_and_explicit_backup(capsys, conf, tmp_path):
    path = conf("sample_style")
    original = path.read_bytes()
    backups = tmp_path / "backups"
    backups.mkdir()
    code, data, _ = run_json(
        capsys, "configure", "--config-file", str(path),
        "--backup-dir", str(backups),
    )
    assert code == 0
    backup = data["files"][0]["backup"]
    assert os.path.dirname(backup) == str(backups)
    assert listing(path) == ["backups", "nova.conf"]
    code, _, err = run(capsys, "rollback", "--config-file", str(path))
    assert code == 2 and "no backup" in err
    code, _, _ = run(
        capsys, "rollback", "--config-file", str(path),
        "--backup", backup,
    )
    assert code == 0
    assert path.read_bytes() == original


def test_several_files_none_written_if_one_is_bad(capsys, conf):
    good = conf("kilo_default_host", "nova.conf")
    bad = conf("unparsable", "nova-cell1.conf")
    before = good.read_bytes(), bad.read_bytes()
    code, out, err = run(
        capsys, "configure", "--config-file", str(good),
        "--config-file", str(bad),
    )
    assert code == 2
    assert f"{bad}: line 4" in err
    assert (good.read_bytes(), bad.read_bytes()) == before
    assert listing(good) == ["nova-cell1.conf", "nova.conf"]


def test_several_files_written_together(capsys, conf):
    one = conf("kilo_default_host", "nova.conf")
    two = conf("modern", "nova-cpu.conf")
    code, data, _ = run_json(
        capsys, "configure", "--config-file", str(one),
        "--config-file", str(two),
    )
    assert code == 0
    assert data["changed"] is True
    assert [d["changed"] for d in data["files"]] == [True, False]
    assert {a["file"] for a in data["actions"]} == {str(one)}


@pytest.mark.parametrize("stem", CONFLICTS)
def test_conflict_exit_2_untouched_unless_forced(capsys, conf, stem):
    path = conf(stem)
    before = path.read_bytes()
    code, _, err = run(capsys, "configure", "--config-file", str(path))
    assert code == 2
    assert "different" in err and str(path) in err
    assert path.read_bytes() == before
    code, _, err = run(
        capsys, "configure", "--config-file", str(path), "--force"
    )
    assert code == 2 and "--force needs" in err
    assert path.read_bytes() == before
    code, data, _ = run_json(
        capsys, "configure", "--config-file", str(path), "--force",
        "--api-servers", "http://ctl1:9292",
    )
    assert code == 0 and data["changed"] is True


def test_bad_arguments_exit_2(capsys, conf):
    path = conf("modern")
    for argv in (
        ["--mode", "catalog", "--api-servers", "http://a:9292"],
        ["--endpoint-override", "http://a:9292"],
        ["--api-servers", "ftp://a"],
        ["--mode", "catalog"],  # no region anywhere
        ["--mode", "catalog", "--region", "R", "--interfaces", "privat"],
    ):
        try:
            code, _, err = run(
                capsys, "configure", "--config-file", str(path), *argv
            )
        except SystemExit as exc:  # argparse refused the value itself
            code, err = exc.code, capsys.readouterr().err
        assert code == 2, argv
        assert err.count("\n") == 1, err
    code, _, err = run(
        capsys, "configure", "--config-file", str(path),
        "--config-file", str(path),
    )
    assert code == 2 and "given twice" in err


def test_offline_even_with_a_cloud(capsys, conf):
    path = conf("liberty_glance_section")
    code, data, _ = run_json(
        capsys, "configure", "--os-cloud", "devstack",
        "--config-file", str(path),
    )
    assert code == 0 and data["changed"] is True


class FakeSession:
    def __init__(self, endpoints):
        self.endpoints = endpoints
        self.asked = []

    def get_endpoint(self, service_type, interface, region_name):
        self.asked.append((service_type, interface, region_name))
        return self.endpoints.get(interface)


def test_urls_from_the_catalog(capsys, conf, monkeypatch):
    fake = FakeSession({"public": "https://cloud.example.org/image/v2/"})
    monkeypatch.setattr(
        session, "connect",
        lambda cloud: session.Connection(fake, "RegionOne", None))
    path = conf("modern")
    path.write_text("[DEFAULT]\ndebug = true\n")
    code, data, _ = run_json(
        capsys, "configure", "--os-cloud", "devstack",
        "--config-file", str(path), "--region", "RegionOne",
    )
    assert code == 0
    assert data["files"][0]["added"] == {
        "[glance] api_servers": "https://cloud.example.org/image"
    }
    assert fake.asked == [
        ("image", "internal", "RegionOne"), ("image", "public", "RegionOne"),
    ]


def test_catalog_without_image_endpoint_is_check_failed(
    capsys, conf, monkeypatch
):
    monkeypatch.setattr(
        session, "connect",
        lambda c: session.Connection(FakeSession({}), "RegionOne", None))
    path = conf("modern")
    path.write_text("[DEFAULT]\ndebug = true\n")
    code, _, err = run(
        capsys, "configure", "--os-cloud", "devstack",
        "--config-file", str(path),
    )
    assert code == 1 and "no image endpoint" in err
    code, _, err = run(capsys, "configure", "--config-file", str(path))
    assert code == 2 and "--os-cloud" in err
    assert path.read_text() == "[DEFAULT]\ndebug = true\n"


def test_second_identical_run_changes_nothing_dry_run_included(
        capsys, conf):
    path = conf("kilo_default_host")
    for argv in (["--dry-run"], [], ["--dry-run"], []):
        code, data, _ = run_json(
            capsys, "configure", "--config-file", str(path), *argv)
        assert code == 0
        assert isinstance(data["changed"], bool)
        assert isinstance(data["actions"], list)
        assert all("op" in a and "file" in a for a in data["actions"])
        assert isinstance(data["diff"], str)
    assert data["changed"] is False and data["diff"] == ""


def test_two_files_one_backup_dir_roll_back_their_own(capsys, tmp_path):
    """Same basename, different directories, one --backup-dir."""
    backups = tmp_path / "backups"
    backups.mkdir()
    paths = []
    for name, stem in (("a", "kilo_default_host"),
                       ("b", "liberty_glance_section")):
        (tmp_path / name).mkdir()
        paths.append(tmp_path / name / "nova.conf")
        shutil.copyfile(source(stem), paths[-1])
    originals = [p.read_bytes() for p in paths]
    for path in paths:
        code, data, _ = run_json(capsys, "configure", "--config-file",
                                 str(path), "--backup-dir", str(backups))
        assert code == 0 and data["changed"] is True
    configured = paths[1].read_bytes()
    code, data, _ = run_json(capsys, "rollback", "--config-file",
                             str(paths[0]), "--backup-dir", str(backups))
    assert code == 0 and data["changed"] is True
    assert paths[0].read_bytes() == originals[0]
    assert paths[1].read_bytes() == configured
    code, data, _ = run_json(capsys, "rollback", "--config-file",
                             str(paths[1]), "--backup-dir", str(backups))
    assert paths[1].read_bytes() == originals[1]
    # The other file's backup given explicitly: refused, nothing written.
    other = data["files"][0]["backup"]
    code, _, err = run(capsys, "rollback", "--config-file", str(paths[0]),
                       "--backup", other)
    assert code == 2 and "another file" in err
    assert paths[0].read_bytes() == originals[0]


def test_cafile_turns_tls_verification_back_on(capsys, conf):
    path = conf("modern")
    path.write_text("[DEFAULT]\nglance_api_insecure = true\n"
                    "[glance]\napi_servers = https://g:9292\n"
                    "insecure = true\n")
    code, data, _ = run_json(capsys, "configure", "--config-file",
                             str(path), "--cafile", "/etc/ssl/ca.pem")
    assert code == 0
    assert {"op": "set", "file": str(path), "option": "[glance] insecure",
            "value": "false"} in data["actions"]
    assert any("verified" in note for note in data["files"][0]["notes"])
    doc = document.parse(str(path), path.read_text())
    assert doc.last("glance", "insecure").value == "false"
    assert doc.last("glance", "cafile").value == "/etc/ssl/ca.pem"
    assert not doc.get("DEFAULT", "glance_api_insecure")
    # Only an explicit --insecure keeps verification off.
    code, data, _ = run_json(capsys, "configure", "--config-file",
                             str(path), "--insecure")
    assert document.parse(str(path), path.read_text()).last(
        "glance", "insecure").value == "true"
