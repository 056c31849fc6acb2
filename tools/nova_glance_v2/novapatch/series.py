"""The wrapper-free nova patch series this project carries.

``patches/nova/`` of the repository holds ``git format-patch`` files and a
quilt-style ``series`` file listing them in order. It ships inside the
package as package data, ``data/nova-patches``: in the checkout a symlink to
``patches/nova`` (one source of truth, where reviewers look), which the
build copies into sdists and wheels. So an editable install (devstack's
``setup_develop``, ``pip install -e``) and a plain ``pip install`` (the
Ansible role, operators) find it at the same place.
``NOVA_GLANCE_V2_NOVA_PATCHES_DIR`` points at another series, e.g. a
developer's work in progress.
"""

import dataclasses
import hashlib
import os
import pathlib
import re

from nova_glance_v2 import errors

ENV_DIR = "NOVA_GLANCE_V2_NOVA_PATCHES_DIR"
PACKAGED_DIR = (
    pathlib.Path(__file__).resolve().parents[1] / "data" / "nova-patches"
)
# "diff --git a/nova/image/glance.py b/nova/image/glance.py"
_DIFF_HEADER = re.compile(r"^diff --git a/(\S+) b/(\S+)$", re.MULTILINE)


@dataclasses.dataclass(frozen=True)
class Patch:
    """One patch of the series: file name, path and the files it changes."""

    name: str
    path: pathlib.Path
    files: tuple

    def files_in(self, with_release_notes):
        """The files this patch changes, release notes only if asked for."""
        return [
            name
            for name in self.files
            if with_release_notes or not name.startswith("releasenotes/")
        ]


@dataclasses.dataclass(frozen=True)
class Series:
    """The patches in the order ``series`` lists them."""

    directory: pathlib.Path
    patches: tuple

    @property
    def sha256(self):
        """One hash over the series file and every patch, in order."""
        digest = hashlib.sha256()
        digest.update((self.directory / "series").read_bytes())
        for patch in self.patches:
            digest.update(patch.path.read_bytes())
        return digest.hexdigest()

    def names(self):
        """The patch file names, in order."""
        return [patch.name for patch in self.patches]


def series_dir():
    """Where the series is: the environment's choice, else the package's."""
    configured = os.environ.get(ENV_DIR)
    return pathlib.Path(configured) if configured else PACKAGED_DIR


def load(directory=None):
    """Read the series from ``directory`` (default: :func:`series_dir`).

    Raises BadInput naming the file when the series file or a patch it
    lists is missing or empty.
    """
    directory = pathlib.Path(directory or series_dir())
    series_file = directory / "series"
    if not series_file.is_file():
        raise errors.BadInput(
            f"{series_file}: no nova patch series here (set {ENV_DIR} to "
            "the patches/nova directory of a nova-glance-v2 checkout, or "
            "reinstall nova-glance-v2: its package data is incomplete)"
        )
    patches = []
    for lineno, line in enumerate(series_file.read_text().splitlines(), 1):
        name = line.split("#", 1)[0].strip()
        if not name:
            continue
        path = directory / name
        if not path.is_file():
            raise errors.BadInput(
                f"{series_file}, line {lineno}: {name}: no such patch"
            )
        files = tuple(
            dict.fromkeys(m.group(2) for m in _DIFF_HEADER.finditer(
                path.read_text()))
        )
        if not files:
            raise errors.BadInput(f"{path}: not a patch (no 'diff --git')")
        patches.append(Patch(name=name, path=path, files=files))
    if not patches:
        raise errors.BadInput(f"{series_file}: lists no patch")
    return Series(directory=directory, patches=tuple(patches))
