"""Which nova the local cloud's nova-api runs: wrapper-free, stock or a tree.

``wrapper-free`` (the default) is an overlay of the venv's nova with the
project's patch series applied, under the state directory: a tree of
symlinks to the installed files, with real copies of the files the series
changes, which the series is then applied to. It goes first on nova-api's
Python path; the venv itself is never modified. ``stock`` is the venv's
nova as installed. Any other value is the path of a nova tree to run
instead (a directory holding ``nova/``, or the ``nova`` package itself),
e.g. a developer's checkout with their own change.
"""

import importlib.util
import os
import pathlib
import shutil

from nova_glance_v2 import errors
from nova_glance_v2.novapatch import apply as novapatch_apply
from nova_glance_v2.novapatch import series as novapatch_series
from nova_glance_v2.novapatch import tree as novapatch_tree

WRAPPER_FREE = "wrapper-free"
STOCK = "stock"
KIND_PATH = "path"
DEFAULT = WRAPPER_FREE
OVERLAY_DIR = "nova-overlay"
_SHA_FILE = ".series-sha256"


def installed_nova_root():
    """The directory holding the venv's ``nova`` package (not imported)."""
    spec = importlib.util.find_spec("nova")
    if spec is None or not spec.submodule_search_locations:
        raise errors.BadInput("nova is not installed in this Python")
    return pathlib.Path(spec.submodule_search_locations[0]).parent


def prepare(state_root, choice):
    """Make the nova of ``choice`` ready; its ``{kind, path, series_sha256}``.

    ``path`` is the directory holding the ``nova`` package nova-api runs.
    """
    if choice == STOCK:
        return {"kind": STOCK, "path": str(installed_nova_root()),
                "series_sha256": None}
    if choice == WRAPPER_FREE:
        series = novapatch_series.load()
        root = pathlib.Path(state_root) / OVERLAY_DIR
        _build_overlay(root, series)
        return {"kind": WRAPPER_FREE, "path": str(root),
                "series_sha256": series.sha256}
    try:
        tree = novapatch_tree.open_tree(choice)
    except errors.BadInput as exc:
        raise errors.BadInput(
            f"--nova {choice}: not {WRAPPER_FREE}, {STOCK} or a nova tree "
            f"({exc})") from None
    return {"kind": KIND_PATH, "path": str(tree.root), "series_sha256": None}


def choice_of(nova):
    """The ``prepare`` choice that made ``nova``; the default for None."""
    if nova is None:
        return DEFAULT
    return nova["path"] if nova["kind"] == KIND_PATH else nova["kind"]


def pythonpath(nova):
    """What goes first on nova-api's Python path; None for the venv's."""
    return None if nova["kind"] == STOCK else nova["path"]


def _build_overlay(root, series):
    """(Re)build the overlay unless it already has this exact series."""
    sha_file = root / _SHA_FILE
    if sha_file.is_file() and sha_file.read_text().strip() == series.sha256:
        return
    if root.exists():
        shutil.rmtree(root)
    installed = installed_nova_root()
    shutil.copytree(installed / "nova", root / "nova",
                    copy_function=_link_file)
    for patch in series.patches:
        for name in patch.files_in(False):
            _make_real_copy(root / name)
    tree = novapatch_tree.open_tree(root)
    result = novapatch_apply.apply(tree, series)
    if result["wrapper_present"]:
        raise errors.CheckFailed(
            f"{root}: the series left GlanceClientWrapper in nova")
    sha_file.write_text(series.sha256 + "\n")


def _link_file(source, target):
    os.symlink(os.path.realpath(source), target)


def _make_real_copy(path):
    """Replace a symlink with a copy of its file, so patching it is local.

    The module's bytecode links go too: Python writes fresh bytecode for
    the patched source in the overlay rather than next to a link into the
    venv.
    """
    if path.is_symlink():
        source = path.resolve()
        path.unlink()
        shutil.copyfile(source, path)
    for cached in path.parent.glob(f"__pycache__/{path.stem}.*.pyc"):
        if cached.is_symlink():
            cached.unlink()
