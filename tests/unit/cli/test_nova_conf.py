"""Tests for ``nova-glance-v2 nova-conf configure|rollback``."""

import json
import os
import shutil
import socket

import pytest

from nova_glance_v2 import cli
from nova_glance_v2 import session
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
    monkeypatch.setattr(session, "get_session", no_network)


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
    assert data[0]["changed"] is True
    assert data[0]["backup"] is None
    assert data[0]["dry_run"] is True
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
    assert set(data[0]) == {
        "file", "changed", "dry_run", "backup", "added", "removed",
        "migrated", "dropped", "notes",
    }
    assert data[0]["migrated"]["[glance] host"] == "[glance] api_servers"


def test_backup_rollback_mode_owner_and_rerun(capsys, conf):
    path = conf("kilo_default_host")
    original = path.read_bytes()
    os.chmod(path, 0o640)
    os.chown(path, 4242, 4343)  # the tests run as root

    code, data, _ = run_json(capsys, "configure", "--config-file", str(path))
    assert code == 0
    backup = data[0]["backup"]
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
    assert data[0]["changed"] is False
    assert data[0]["backup"] is None
    assert os.stat(path).st_mtime_ns == mtime
    assert len(listing(path)) == 2

    code, data, _ = run_json(capsys, "rollback", "--config-file", str(path))
    assert code == 0
    assert data == [{"file": str(path), "backup": backup, "changed": True}]
    assert path.read_bytes() == original
    st = os.stat(path)
    assert (st.st_mode & 0o777, st.st_uid, st.st_gid) == (0o640, 4242, 4343)
    code, data, _ = run_json(capsys, "rollback", "--config-file", str(path))
    assert data[0]["changed"] is False


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
    assert os.path.dirname(data[0]["backup"]) == str(backups)
    assert listing(path) == ["backups", "nova.conf"]
    code, _, err = run(capsys, "rollback", "--config-file", str(path))
    assert code == 2 and "no backup" in err
    code, _, _ = run(
        capsys, "rollback", "--config-file", str(path),
        "--backup", data[0]["backup"],
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
    assert [d["changed"] for d in data] == [True, False]


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
    assert code == 0 and data[0]["changed"] is True


def test_bad_arguments_exit_2(capsys, conf):
    path = conf("modern")
    for argv in (
        ["--mode", "catalog", "--api-servers", "http://a:9292"],
        ["--endpoint-override", "http://a:9292"],
        ["--api-servers", "ftp://a"],
        ["--mode", "catalog"],  # no region anywhere
        ["--mode", "catalog", "--region", "R", "--interfaces", "privat"],
    ):
        code, _, err = run(
            capsys, "configure", "--config-file", str(path), *argv
        )
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
    assert code == 0 and data[0]["changed"] is True


class FakeSession:
    def __init__(self, endpoints):
        self.endpoints = endpoints
        self.asked = []

    def get_endpoint(self, service_type, interface, region_name):
        self.asked.append((service_type, interface, region_name))
        return self.endpoints.get(interface)


def test_urls_from_the_catalog(capsys, conf, monkeypatch):
    fake = FakeSession({"public": "https://cloud.example.org/image/v2/"})
    monkeypatch.setattr(session, "get_session", lambda cloud: fake)
    path = conf("modern")
    path.write_text("[DEFAULT]\ndebug = true\n")
    code, data, _ = run_json(
        capsys, "configure", "--os-cloud", "devstack",
        "--config-file", str(path), "--region", "RegionOne",
    )
    assert code == 0
    assert data[0]["added"] == {
        "[glance] api_servers": "https://cloud.example.org/image"
    }
    assert fake.asked == [
        ("image", "internal", "RegionOne"), ("image", "public", "RegionOne"),
    ]


def test_catalog_without_image_endpoint_is_check_failed(
    capsys, conf, monkeypatch
):
    monkeypatch.setattr(session, "get_session", lambda c: FakeSession({}))
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
