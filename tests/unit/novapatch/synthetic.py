"""Small synthetic nova trees and patch series for the novapatch tests.

Made with real git (git format-patch), like the real series; the real
nova 34.0.0 tree is the functional tests' (tests/functional/
test_novapatch.py).
"""

import subprocess

from nova_glance_v2.novapatch import series as novapatch_series
from nova_glance_v2.novapatch import tree as novapatch_tree

WRAPPER = "class GlanceClientWrapper(object):\n    pass\n"
STAGE1 = "class GlanceImageServiceV2(object):\n    pass\n"
STAGE2 = STAGE1 + "\n\ndef _retry_options():\n    return {}\n"


def git(cwd, *args):
    """Run git with an identity of its own."""
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@localhost", *args],
        cwd=cwd, check=True, capture_output=True,
    )


def make_series(tmp_path):
    """A two-patch series made with git format-patch, like the real one."""
    repo = tmp_path / "upstream"
    module = repo / "nova" / "image" / "glance.py"
    module.parent.mkdir(parents=True)
    module.write_text(WRAPPER)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "release")
    for subject, text, note in (
        ("Remove the wrapper", STAGE1, "remove-wrapper"),
        ("Honour retry options", STAGE2, "retries"),
    ):
        module.write_text(text)
        notes = repo / "releasenotes" / "notes"
        notes.mkdir(parents=True, exist_ok=True)
        (notes / f"{note}.yaml").write_text("---\nupgrade:\n  - x\n")
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", subject)
    out = tmp_path / "patches"
    git(repo, "format-patch", "-q", "-o", str(out), "HEAD~2")
    names = sorted(p.name for p in out.glob("*.patch"))
    (out / "series").write_text("# the series\n" + "\n".join(names) + "\n")
    return repo, out


def plain_tree(tmp_path, text=WRAPPER):
    """An installed-package-like tree: site-packages/nova/image/glance.py."""
    root = tmp_path / "site-packages"
    module = root / "nova" / "image" / "glance.py"
    module.parent.mkdir(parents=True)
    module.write_text(text)
    return root


def series_and_plain_tree(tmp_path, text=WRAPPER):
    """The synthetic series and a plain tree with ``text`` as glance.py."""
    _, patches = make_series(tmp_path)
    series = novapatch_series.load(patches)
    return series, novapatch_tree.open_tree(plain_tree(tmp_path, text))
