"""A nova tree the series applies to: a git checkout or a plain tree.

A git checkout (``$DEST/nova`` in devstack, a developer's clone) gets the
patches as commits with ``git am -3``. A plain tree, such as the ``nova``
package of a virtualenv, gets them with ``git apply``, without the
release notes an installed package does not have. ``--nova-dir`` may name
the directory holding ``nova/`` or the ``nova`` package itself.
"""

import dataclasses
import os
import pathlib
import re
import subprocess

from nova_glance_v2 import errors

GLANCE_MODULE = "nova/image/glance.py"
WRAPPER_CLASS = "class GlanceClientWrapper"
# How git names the file a patch failed on.
_FAILED_FILE = (
    re.compile(r"^error: patch failed: (\S+?):\d+", re.MULTILINE),
    re.compile(r"^error: (\S+?): patch does not apply", re.MULTILINE),
    re.compile(r"^CONFLICT \([^)]*\): Merge conflict in (\S+)", re.MULTILINE),
    re.compile(r"^error: (\S+?): does not exist in index", re.MULTILINE),
    re.compile(r"^error: (\S+?): already exists in working", re.MULTILINE),
)


@dataclasses.dataclass(frozen=True)
class NovaTree:
    """The root holding ``nova/`` and how patches go into it."""

    root: pathlib.Path
    is_git: bool

    @property
    def glance_module(self):
        """nova's image client module in this tree."""
        return self.root / GLANCE_MODULE

    def wrapper_present(self):
        """Whether nova's image client still has GlanceClientWrapper."""
        return WRAPPER_CLASS in self.glance_module.read_text()

    @property
    def method(self):
        """How patches go in: ``git am -3`` or ``git apply``."""
        return "git am -3" if self.is_git else "git apply"

    def git(self, *args, cwd=None, check=False):
        """Run git in the tree (or ``cwd``), never in a repository above it.

        GIT_CEILING_DIRECTORIES keeps git from finding a repository that
        merely contains a plain tree (a venv inside a checkout), where
        ``git apply`` would take paths relative to that repository.
        """
        where = pathlib.Path(cwd or self.root)
        env = dict(os.environ, GIT_CEILING_DIRECTORIES=str(where.parent))
        env.setdefault("GIT_COMMITTER_NAME", "nova-glance-v2")
        env.setdefault("GIT_COMMITTER_EMAIL", "nova-glance-v2@localhost")
        proc = subprocess.run(
            ["git", *args],
            cwd=where,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if check and proc.returncode:
            raise errors.CheckFailed(
                f"git {' '.join(args)} in {where}: "
                f"{_first_line(proc.stderr or proc.stdout)}"
            )
        return proc


def open_tree(nova_dir):
    """Find the nova tree at ``nova_dir``; BadInput if there is none."""
    path = pathlib.Path(nova_dir).resolve()
    for root in (path, path.parent):
        if (root / GLANCE_MODULE).is_file() and (
            root == path or path.name == "nova"
        ):
            return NovaTree(root=root, is_git=(root / ".git").exists())
    raise errors.BadInput(
        f"{nova_dir}: not a nova tree (no {GLANCE_MODULE} in it, and it is "
        "not a nova package)"
    )


def failed_file(git_output, default):
    """The file git said a patch failed on, else ``default``."""
    for pattern in _FAILED_FILE:
        match = pattern.search(git_output)
        if match:
            return match.group(1)
    return default


def _first_line(text):
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[0] if lines else "failed"
