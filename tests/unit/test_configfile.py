"""Tests for nova_glance_v2.configfile: reading, atomic writes, backups."""

import os
import stat
import threading

import pytest

from nova_glance_v2 import configfile
from nova_glance_v2 import errors


def test_read_text_errors_name_the_file(tmp_path):
    missing = tmp_path / "missing.conf"
    with pytest.raises(errors.BadInput, match="missing.conf"):
        configfile.read_text(missing)
    binary = tmp_path / "binary.conf"
    binary.write_bytes(b"[DEFAULT]\nx = \xff\n")
    with pytest.raises(errors.BadInput, match="binary.conf: line 2"):
        configfile.read_text(binary)


def test_read_text_keeps_crlf(tmp_path):
    path = tmp_path / "crlf.conf"
    path.write_bytes(b"[DEFAULT]\r\ndebug = true\r\n")
    assert configfile.read_text(path) == "[DEFAULT]\r\ndebug = true\r\n"


def _owned(path, mode, uid=4242, gid=4343):
    os.chmod(path, mode)
    os.chown(path, uid, gid)  # the tests run as root in the gate image
    return path


def test_write_atomic_keeps_mode_and_owner(tmp_path):
    path = tmp_path / "nova.conf"
    path.write_text("old\n")
    _owned(path, 0o640)
    configfile.write_atomic(path, b"new\n")
    st = os.stat(path)
    assert path.read_bytes() == b"new\n"
    assert (st.st_mode & 0o777, st.st_uid, st.st_gid) == (0o640, 4242, 4343)
    assert sorted(os.listdir(tmp_path)) == ["nova.conf"]  # no temp left


def test_write_atomic_failure_leaves_file_and_no_temp(tmp_path, monkeypatch):
    path = tmp_path / "nova.conf"
    path.write_text("old\n")

    def broken(src, dst):
        raise OSError("disk on fire")

    monkeypatch.setattr(configfile.os, "replace", broken)
    with pytest.raises(errors.BadInput, match="disk on fire"):
        configfile.write_atomic(path, b"new\n")
    assert path.read_text() == "old\n"
    assert sorted(os.listdir(tmp_path)) == ["nova.conf"]


def test_write_atomic_follows_symlink(tmp_path):
    real = tmp_path / "real.conf"
    real.write_text("old\n")
    link = tmp_path / "nova.conf"
    link.symlink_to(real)
    configfile.write_atomic(link, b"new\n")
    assert link.is_symlink()
    assert real.read_text() == "new\n"


def test_backup_and_restore_byte_identical(tmp_path):
    path = tmp_path / "nova.conf"
    original = b"[DEFAULT]\r\n# keep me \xc3\xa9\r\ndebug = true"
    path.write_bytes(original)
    _owned(path, 0o600)
    backup = configfile.make_backup(path)
    assert os.path.dirname(backup) == str(tmp_path)
    assert os.path.basename(backup).startswith("nova.conf.nova-glance-v2.")
    assert backup.endswith("Z.bak")
    st = os.stat(backup)
    assert (st.st_mode & 0o777, st.st_uid, st.st_gid) == (0o600, 4242, 4343)
    assert open(backup, "rb").read() == original

    configfile.write_atomic(path, b"changed\n")
    assert configfile.find_backups(path) == [backup]
    assert configfile.restore(path, backup) is True
    assert path.read_bytes() == original
    st = os.stat(path)
    assert (st.st_mode & 0o777, st.st_uid, st.st_gid) == (0o600, 4242, 4343)
    # Already restored: nothing to write.
    assert configfile.restore(path, backup) is False


def test_find_backups_newest_last_and_backup_dir(tmp_path):
    path = tmp_path / "nova.conf"
    path.write_text("x\n")
    other = tmp_path / "backups"
    other.mkdir()
    first = configfile.make_backup(path, str(other))
    second = configfile.make_backup(path, str(other))
    (other / "nova.conf.something-else.bak").write_text("no")
    assert configfile.find_backups(path, str(other)) == [first, second]
    assert configfile.find_backups(path) == []


def test_apply_changes_all_or_nothing(tmp_path, monkeypatch):
    one, two = tmp_path / "one.conf", tmp_path / "two.conf"
    one.write_text("one\n")
    two.write_text("two\n")
    real_replace = os.replace

    def replace(src, dst):
        if str(dst) == str(two):
            raise OSError("no space left")
        return real_replace(src, dst)

    monkeypatch.setattr(configfile.os, "replace", replace)
    changes = [
        configfile.Change(str(one), "ONE\n"),
        configfile.Change(str(two), "TWO\n"),
    ]
    with pytest.raises(errors.BadInput, match="no space left"):
        configfile.apply_changes(changes)
    assert one.read_text() == "one\n"
    assert two.read_text() == "two\n"
    # Both files are as they were: their fresh backups went too.
    assert sorted(os.listdir(tmp_path)) == ["one.conf", "two.conf"]


@pytest.mark.parametrize("kind", ["fifo", "chardev", "link-to-chardev"])
def test_non_regular_files_are_refused(tmp_path, kind):
    path = tmp_path / "nova.conf"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        # Our own node, like /dev/null: a wrong replace never hits the real.
        device = tmp_path / "null" if kind == "link-to-chardev" else path
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        if device != path:
            path.symlink_to(device)
    with pytest.raises(errors.BadInput, match="not a regular file"):
        configfile.read_text(path)  # a FIFO must not block
    with pytest.raises(errors.BadInput, match="not a regular file"):
        configfile.write_atomic(path, b"[glance]\n")
    assert not stat.S_ISREG(os.stat(path).st_mode)


def test_hard_linked_file_is_refused(tmp_path):
    path = tmp_path / "nova.conf"
    path.write_text("old\n")
    os.link(path, tmp_path / "other-name.conf")
    with pytest.raises(errors.BadInput, match="2 hard links"):
        configfile.write_atomic(path, b"new\n")
    assert path.read_text() == "old\n"


def test_setuid_and_setgid_bits_are_kept(tmp_path):
    path = tmp_path / "nova.conf"
    path.write_text("old\n")
    os.chown(path, 4242, 4343)
    os.chmod(path, 0o6750)  # noqa: S103 - the bits under test
    configfile.write_atomic(path, b"new\n")
    st = os.stat(path)
    assert (stat.S_IMODE(st.st_mode), st.st_uid, st.st_gid) == (
        0o6750, 4242, 4343)


def test_backup_is_private_whatever_the_file_mode(tmp_path):
    path = tmp_path / "nova.conf"
    path.write_text("password = x\n")
    os.chmod(path, 0o644)
    backup = configfile.make_backup(path)
    assert stat.S_IMODE(os.stat(backup).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o644


def test_locked_serialises_writers_and_clears_stale_temporaries(tmp_path):
    path = tmp_path / "nova.conf"
    path.write_text("old\n")
    stale = tmp_path / ".nova.conf.ab12cd_9.tmp"
    backups = tmp_path / "backups"
    backups.mkdir()
    stale_backup = backups / (
        ".nova.conf.nova-glance-v2.20261125T120000.000000Z.bak.x1y2z3w4.tmp")
    other = tmp_path / ".other.conf.ab12cd_9.tmp"
    for leftover in (stale, stale_backup, other):
        leftover.write_text("half")
    order = []

    def second_writer():
        with configfile.locked([path]):
            order.append("second")

    with configfile.locked([path], str(backups)):
        assert not stale.exists() and not stale_backup.exists()
        assert other.exists()  # another file's: not ours to remove
        thread = threading.Thread(target=second_writer)
        thread.start()
        thread.join(0.3)
        assert thread.is_alive()  # waits for the lock
        order.append("first")
    thread.join(5)
    assert order == ["first", "second"]
