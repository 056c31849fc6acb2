"""Change service config files safely: atomic writes, backups, rollback.

Written for nova.conf and meant to be reused for tempest.conf (or any
oslo-style INI file). The rules every caller gets for free:

* a write is atomic: a temporary file in the same directory, fsync'ed,
  then ``os.replace``; the directory is fsync'ed too, so after a crash
  the file is either the old or the new one, never half of each;
* the file keeps its mode (setuid/setgid bits included) and owner (a
  nova.conf readable by the ``nova`` group only must stay so);
* only regular files are read or replaced (after following symlinks): a
  device, FIFO or socket is refused, and so is a file with several hard
  links, whose other names an atomic replace would leave behind;
* before changing a file we copy it byte for byte to a timestamped backup
  (``F.nova-glance-v2.<path key>.<UTC timestamp>.bak`` next to it, or in
  a backup directory), mode 0600 whatever the file's mode, since it holds
  the same secrets; the path key (a hash of the file's full path) keeps
  two ``nova.conf`` of different directories sharing one backup directory
  apart. :func:`restore` puts one back, atomically as well;
* a symlinked config file is followed: the file it points to is replaced,
  the link stays (deployment tools often link /etc/nova/nova.conf);
* :func:`locked` serialises writers of the same directory, and clears the
  temporary files a killed writer left;
* what a change does is shown by :mod:`nova_glance_v2.textdiff`, with
  secrets masked.

Nothing here knows about nova; see :mod:`nova_glance_v2.novaconf`.
"""

import contextlib
import dataclasses
import datetime
import fcntl
import hashlib
import os
import re
import stat
import tempfile

from nova_glance_v2 import errors

BACKUP_TAG = "nova-glance-v2"
BACKUP_MODE = 0o600

_BACKUP = re.compile(
    r"^(?P<name>.+)\." + re.escape(BACKUP_TAG)
    + r"\.(?P<key>[0-9a-f]{12})\.\d{8}T\d{6}\.\d{6}Z\.bak$")


def read_text(path):
    """Return the UTF-8 text of ``path`` exactly as stored (any newlines).

    Raises BadInput naming the file when it is missing, unreadable or not
    UTF-8 (oslo.config could not read it either).
    """
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; the fstat
        # then refuses it, with no window between check and open.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise errors.BadInput(f"{path}: no such file") from None
    except OSError as exc:
        raise errors.BadInput(
            f"{path}: cannot read ({exc.strerror})"
        ) from None
    try:
        _require_regular(path, os.fstat(fd))
    except errors.BadInput:
        os.close(fd)
        raise
    with os.fdopen(fd, "rb") as stream:
        try:
            raw = stream.read()
        except OSError as exc:
            raise errors.BadInput(
                f"{path}: cannot read ({exc.strerror})"
            ) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise errors.BadInput(
            f"{path}: line {line}: not valid UTF-8"
        ) from None


def _require_regular(path, info):
    if not stat.S_ISREG(info.st_mode):
        raise errors.BadInput(
            f"{path}: not a regular file; only regular files are read "
            "and replaced")


def _check_writable_target(path, info):
    """Refuse what an atomic replace would silently get wrong."""
    _require_regular(path, info)
    if info.st_nlink > 1:
        raise errors.BadInput(
            f"{path}: has {info.st_nlink} hard links; replacing it would "
            "leave the other names with the old content; break the links "
            "(cp, then mv) first")


def _write_error(path, exc):
    return errors.BadInput(
        f"{path}: cannot write ({exc.strerror or exc})")


def real_path(path):
    """The file actually written for ``path`` (symlinks followed)."""
    return os.path.realpath(path)


def _path_key(path):
    """A short, stable key of the file's full (real) path."""
    return hashlib.sha256(real_path(path).encode()).hexdigest()[:12]


def backup_name(path, when=None):
    """Return the backup file name for ``path`` taken at ``when`` (UTC)."""
    when = when or datetime.datetime.now(datetime.UTC)
    stamp = when.strftime("%Y%m%dT%H%M%S.%fZ")
    return (f"{os.path.basename(real_path(path))}.{BACKUP_TAG}."
            f"{_path_key(path)}.{stamp}.bak")


def check_backup_of(path, backup):
    """BadInput unless ``backup`` is one of ours, of ``path``.

    Anything else (another file's backup, or any file at all) would be
    installed in place of ``path`` with nothing to undo it.
    """
    found = _BACKUP.match(os.path.basename(backup))
    if not found:
        raise errors.BadInput(
            f"{backup}: not a backup made by {BACKUP_TAG} (expected a name "
            f"like {backup_name(path)})")
    if (found["name"], found["key"]) != (
            os.path.basename(real_path(path)), _path_key(path)):
        raise errors.BadInput(
            f"{backup}: a backup of another file, not of {path}")


def find_backups(path, backup_dir=None):
    """Return the backups of ``path``, oldest first.

    The timestamp in the name sorts chronologically, so a plain sort is
    enough and does not depend on file mtimes (which copies change).
    """
    target = real_path(path)
    directory = backup_dir or os.path.dirname(target)
    pattern = re.compile(
        re.escape(f"{os.path.basename(target)}.{BACKUP_TAG}.")
        + re.escape(_path_key(path)) + r"\.\d{8}T\d{6}\.\d{6}Z\.bak$"
    )
    try:
        names = os.listdir(directory)
    except OSError:
        return []
    return [
        os.path.join(directory, name)
        for name in sorted(names) if pattern.match(name)
    ]


def write_atomic(path, data, like=None):
    """Replace ``path`` with ``data`` (bytes) atomically.

    The new file gets the mode and owner of ``like`` (an ``os.stat``
    result), by default those of the file being replaced. Raises
    CheckFailed when the owner cannot be kept (not root), BadInput when
    the target is not a regular file or cannot be written.
    """
    target = real_path(path)
    directory = os.path.dirname(target) or "."
    if like is None:
        like = os.stat(target)
        _check_writable_target(target, like)
    try:
        fd, tmp = tempfile.mkstemp(
            prefix=f".{os.path.basename(target)}.", suffix=".tmp",
            dir=directory)
    except OSError as exc:
        raise _write_error(directory, exc) from None
    try:
        # Owner, then mode (a chown clears setuid/setgid bits), both before
        # the data goes in: a secret-bearing file is never readable by
        # more people than before, even for a moment.
        _keep_owner(fd, like, target)
        os.fchmod(fd, stat.S_IMODE(like.st_mode))
        with os.fdopen(fd, "wb") as stream:
            fd = None
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(tmp, target)
        tmp = None
        _fsync_dir(directory)
    except OSError as exc:
        raise _write_error(target, exc) from None
    finally:
        if fd is not None:
            os.close(fd)
        if tmp is not None:
            os.unlink(tmp)


def _keep_owner(fd, like, target):
    current = os.fstat(fd)
    if (current.st_uid, current.st_gid) == (like.st_uid, like.st_gid):
        return
    try:
        os.fchown(fd, like.st_uid, like.st_gid)
    except PermissionError:
        raise errors.CheckFailed(
            f"{target}: cannot keep its owner {like.st_uid}:{like.st_gid} "
            "(run as root or as the owner)"
        ) from None


def _fsync_dir(directory):
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def locked(paths, backup_dir=None):
    """Hold the write lock of every directory holding one of ``paths``
    (and of ``backup_dir``).

    A command that reads config files, works out their new content and
    writes them holds this around all of it, so a second run on the same
    files waits and then sees the first one's result: the outcome is that
    of running them one after the other. The lock is ``flock`` on the
    directory itself (no lock file to leave behind), taken in a fixed
    order. Once held, temporary files a killed writer left next to these
    files and their backups are removed: no other writer can be using
    them.
    """
    targets = sorted({real_path(p) for p in paths})
    directories = sorted({os.path.dirname(t) or "." for t in targets}
                         | ({os.path.realpath(backup_dir)} if backup_dir
                            else set()))
    with contextlib.ExitStack() as stack:
        for directory in directories:
            try:
                fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
            except OSError as exc:
                raise errors.BadInput(
                    f"{directory}: cannot open ({exc.strerror})") from None
            stack.callback(os.close, fd)
            fcntl.flock(fd, fcntl.LOCK_EX)
        for target in targets:
            _remove_stale_temporaries(target, os.path.dirname(target))
            if backup_dir:
                _remove_stale_temporaries(target, backup_dir)
        yield


def _remove_stale_temporaries(target, directory):
    """Remove ``.NAME.XXXXXXXX.tmp`` files of :func:`write_atomic`."""
    stale = re.compile(
        re.escape(f".{os.path.basename(target)}.") + r"(?:.+\.)?"
        r"[a-z0-9_]{8}\.tmp$")
    with contextlib.suppress(OSError):
        for name in os.listdir(directory):
            if stale.match(name):
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(directory, name))


def make_backup(path, backup_dir=None):
    """Copy ``path`` byte for byte to a new timestamped backup; return it.

    The backup has the file's owner and mode 0600: it holds the same
    secrets, and nobody but the owner needs to read it.
    """
    target = real_path(path)
    directory = backup_dir or os.path.dirname(target)
    if not os.path.isdir(directory):
        raise errors.BadInput(f"{directory}: backup directory does not exist")
    data = read_text(target).encode("utf-8")
    like = os.stat(target)
    backup = os.path.join(directory, backup_name(target))
    if os.path.exists(backup):  # same microsecond: never overwrite one
        raise errors.CheckFailed(f"{backup}: backup already exists")
    # write_atomic replaces; a missing backup is created with like's owner.
    private = os.stat_result(
        (stat.S_IFREG | BACKUP_MODE, *tuple(like)[1:]))
    write_atomic(backup, data, like=private)
    return backup


@dataclasses.dataclass
class Change:
    """New content for one file; ``backup`` is filled in once written."""

    path: str
    text: str
    backup: str | None = None


def apply_changes(changes, backup_dir=None):
    """Back up and write every change, all or (as far as possible) none.

    If writing one file fails, the files already written are restored
    from their fresh backups before the error is raised.
    """
    done = []
    try:
        for change in changes:
            change.backup = make_backup(change.path, backup_dir)
            done.append(change)
            write_atomic(change.path, change.text.encode("utf-8"))
    except BaseException:
        for change in reversed(done):
            restore(change.path, change.backup)
            # The file is as it was: its fresh backup is only clutter.
            with contextlib.suppress(OSError):
                os.unlink(change.backup)
        raise
    return changes


def restore(path, backup):
    """Put ``backup`` back in place of ``path``; return True if it changed.

    The restored file keeps the current file's mode and owner (or the
    backup's, if the file is gone). Content already equal: no write.
    """
    target = real_path(path)
    try:
        with open(backup, "rb") as stream:
            data = stream.read()
    except OSError as exc:
        raise errors.BadInput(
            f"{backup}: cannot read backup ({exc.strerror})"
        ) from None
    try:
        with open(target, "rb") as stream:
            if stream.read() == data:
                return False
        like = os.stat(target)
    except FileNotFoundError:
        like = os.stat(backup)
    write_atomic(target, data, like=like)
    return True


def add_write_options(parser):
    """The command-line options of every command that edits a config file:
    where backups go, a dry run, and a masked diff."""
    parser.add_argument(
        "--backup-dir", metavar="DIR",
        help="put backups here (default: next to each file)")
    add_dry_run_options(parser)


def add_dry_run_options(parser):
    """--dry-run and --diff, for every command that can write a file."""
    parser.add_argument("--dry-run", action="store_true",
                        help="change nothing")
    parser.add_argument(
        "--diff", action="store_true",
        help="show the change as a unified diff (secrets masked)")
