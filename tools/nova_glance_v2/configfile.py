"""Change service config files safely: atomic writes, backups, rollback.

Written for nova.conf and meant to be reused for tempest.conf (or any
oslo-style INI file). The rules every caller gets for free:

* a write is atomic: a temporary file in the same directory, fsync'ed,
  then ``os.replace``; the directory is fsync'ed too, so after a crash
  the file is either the old or the new one, never half of each;
* the file keeps its mode and owner (a nova.conf readable by the ``nova``
  group only must stay so);
* before changing a file we copy it byte for byte to a timestamped backup
  (``F.nova-glance-v2.<UTC timestamp>.bak`` next to it, or in a backup
  directory); :func:`restore` puts one back, atomically as well;
* a symlinked config file is followed: the file it points to is replaced,
  the link stays (deployment tools often link /etc/nova/nova.conf);
* :func:`unified_diff` masks secrets, so a diff can be shown or logged.

Nothing here knows about nova; see :mod:`nova_glance_v2.novaconf`.
"""

import dataclasses
import datetime
import difflib
import os
import re
import stat
import tempfile

from nova_glance_v2 import errors

BACKUP_TAG = "nova-glance-v2"
MASK = "***"

# Option names whose values are secrets. "key" only as a whole word at the
# end (``fixed_key``, ``api_key``), so paths such as ``keyfile`` or
# ``key_file`` stay readable in a diff. Over-masking (``token_cache_time``)
# is harmless; under-masking is not.
SECRET_OPTION = re.compile(r"password|secret|token|(?:^|_)key$", re.I)

# user:password@ in any url-like value (transport_url with several hosts
# separates them with commas, each with its own credentials).
_URL_PASSWORD = re.compile(r"((?://|,)[^\s:/@,]*:)[^\s@]*@")

_ASSIGNMENT = re.compile(
    r"^(?P<lead>[#;]?\s*)(?P<key>[^\s=:#;\[][^=:]*?)(?P<sep>\s*[=:]\s*)"
    r"(?P<value>.*?)(?P<end>\s*)$",
    re.S,
)


def read_text(path):
    """Return the UTF-8 text of ``path`` exactly as stored (any newlines).

    Raises BadInput naming the file when it is missing, unreadable or not
    UTF-8 (oslo.config could not read it either).
    """
    try:
        with open(path, "rb") as stream:
            raw = stream.read()
    except FileNotFoundError:
        raise errors.BadInput(f"{path}: no such file") from None
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


def mask_secrets(text):
    """Return ``text`` (an INI file) with secret values replaced by ***.

    Masks the value of every option, commented out or not, whose name
    matches :data:`SECRET_OPTION` (continuation lines included) and the
    password part of every ``scheme://user:password@`` url.
    """
    masked = []
    in_secret = False
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        newline = line[len(body):]
        if not body.strip():
            in_secret = False
        elif body[0] in " \t" and in_secret:
            body = body[: len(body) - len(body.lstrip())] + MASK
        elif body[0] not in " \t":
            in_secret = False
            match = _ASSIGNMENT.match(body)
            if match and not body.startswith("["):
                key = match.group("key").strip()
                if SECRET_OPTION.search(key):
                    in_secret = not match.group("lead").strip()
                    if match.group("value"):
                        body = (
                            match.group("lead") + match.group("key")
                            + match.group("sep") + MASK + match.group("end")
                        )
        masked.append(_URL_PASSWORD.sub(rf"\1{MASK}@", body) + newline)
    return "".join(masked)


def unified_diff(path, old, new):
    """Return a unified diff of ``old`` -> ``new`` with secrets masked."""
    old_lines = mask_secrets(old).splitlines()
    new_lines = mask_secrets(new).splitlines()
    return "".join(
        line if line.endswith("\n") else line + "\n"
        for line in difflib.unified_diff(
            old_lines, new_lines, fromfile=f"{path}",
            tofile=f"{path} (new)", lineterm="",
        )
    )


def real_path(path):
    """The file actually written for ``path`` (symlinks followed)."""
    return os.path.realpath(path)


def backup_name(path, when=None):
    """Return the backup file name for ``path`` taken at ``when`` (UTC)."""
    when = when or datetime.datetime.now(datetime.UTC)
    stamp = when.strftime("%Y%m%dT%H%M%S.%fZ")
    return f"{os.path.basename(path)}.{BACKUP_TAG}.{stamp}.bak"


def find_backups(path, backup_dir=None):
    """Return the backups of ``path``, oldest first.

    The timestamp in the name sorts chronologically, so a plain sort is
    enough and does not depend on file mtimes (which copies change).
    """
    target = real_path(path)
    directory = backup_dir or os.path.dirname(target)
    pattern = re.compile(
        re.escape(os.path.basename(target))
        + re.escape(f".{BACKUP_TAG}.") + r"\d{8}T\d{6}\.\d{6}Z\.bak$"
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
    CheckFailed when the owner cannot be kept (not root).
    """
    target = real_path(path)
    directory = os.path.dirname(target) or "."
    if like is None:
        like = os.stat(target)
    fd, tmp = tempfile.mkstemp(
        prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=directory
    )
    try:
        # Mode and owner before the data goes in: a secret-bearing file is
        # never readable by more people than before, even for a moment.
        os.fchmod(fd, stat.S_IMODE(like.st_mode))
        _keep_owner(fd, like, target)
        with os.fdopen(fd, "wb") as stream:
            fd = None
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(tmp, target)
        tmp = None
        _fsync_dir(directory)
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


def make_backup(path, backup_dir=None):
    """Copy ``path`` byte for byte to a new timestamped backup; return it.

    The backup has the file's mode and owner: it holds the same secrets.
    """
    target = real_path(path)
    directory = backup_dir or os.path.dirname(target)
    if not os.path.isdir(directory):
        raise errors.BadInput(f"{directory}: backup directory does not exist")
    with open(target, "rb") as stream:
        data = stream.read()
    like = os.stat(target)
    backup = os.path.join(directory, backup_name(target))
    if os.path.exists(backup):  # same microsecond: never overwrite one
        raise errors.CheckFailed(f"{backup}: backup already exists")
    # write_atomic replaces; a missing backup is created with like's mode.
    write_atomic(backup, data, like=like)
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
            write_atomic(change.path, change.text.encode("utf-8"))
            done.append(change)
    except BaseException:
        for change in reversed(done):
            restore(change.path, change.backup)
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
    parser.add_argument("--dry-run", action="store_true",
                        help="change nothing")
    parser.add_argument(
        "--diff", action="store_true",
        help="show the change as a unified diff (secrets masked)")
