"""The bad-input corpus: ``cases.yaml`` and the input files it names.

Every case is one real ``nova-glance-v2`` run on inputs made fresh in a
directory of its own; :func:`materialize` builds them, :func:`snapshot`
records what is there so a run can be shown to change nothing.
"""

import hashlib
import os
import pathlib
import stat
import subprocess

import yaml

HERE = pathlib.Path(__file__).parent
FILES = HERE / "files"
# Planted in corpus files wherever a password would be; no output may
# ever show it.
SECRET = "S3cretBadInput"


def load_cases():
    with open(HERE / "cases.yaml") as cases_file:
        return yaml.safe_load(cases_file)


def _make(path, spec):
    kind, _, arg = spec.partition(":")
    if kind == "data":
        path.write_bytes((FILES / arg).read_bytes())
    elif kind == "text":
        path.write_text(arg)
    elif kind == "dir":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "chardev":
        # A device node of our own, the same as /dev/null, so that a tool
        # that wrongly replaced it could never touch the real one.
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    elif kind == "link":
        path.symlink_to(path.parent / arg)
    elif kind == "hardlink":
        os.link(path.parent / arg, path)
    elif kind != "missing":
        raise ValueError(f"unknown input kind {spec!r}")


def materialize(case, directory):
    """Create the case's inputs under ``directory``; return the argv with
    ``{in}`` replaced by that directory."""
    directory.mkdir(exist_ok=True)
    for name, spec in (case.get("files") or {}).items():
        _make(directory / name, spec)
    for name in case.get("immutable", ()):
        subprocess.run(["chattr", "+i", str(directory / name)], check=True)
    return [arg.replace("{in}", str(directory)) for arg in case["argv"]]


def release(case, directory):
    """Undo ``immutable`` so the directory can be removed."""
    for name in case.get("immutable", ()):
        subprocess.run(["chattr", "-i", str(directory / name)], check=False)


def _digest(path):
    mode = os.lstat(path).st_mode
    if stat.S_ISREG(mode):
        with open(path, "rb") as content:
            return "file", hashlib.sha256(content.read()).hexdigest(), mode
    if stat.S_ISLNK(mode):
        return "link", os.readlink(path), mode
    return "other", None, mode


def snapshot(directory):
    """Every entry under ``directory``: type, content digest and mode."""
    found = {}
    for root, dirs, files in os.walk(directory):
        for name in dirs + files:
            path = os.path.join(root, name)
            found[os.path.relpath(path, directory)] = _digest(path)
    return found
