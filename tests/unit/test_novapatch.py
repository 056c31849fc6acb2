"""The nova patch series: reading it, finding trees, applying to small trees.

The trees here are tiny synthetic ones built in tmp_path; the real nova
34.0.0 tree is the functional tests' (tests/functional/test_novapatch.py).
"""

import subprocess

import pytest

from nova_glance_v2 import errors
from nova_glance_v2.novapatch import apply as novapatch_apply
from nova_glance_v2.novapatch import series as novapatch_series
from nova_glance_v2.novapatch import tree as novapatch_tree

WRAPPER = "class GlanceClientWrapper(object):\n    pass\n"
STAGE1 = "class GlanceImageServiceV2(object):\n    pass\n"
STAGE2 = STAGE1 + "\n\ndef _retry_options():\n    return {}\n"


def _git(cwd, *args):
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@localhost", *args],
        cwd=cwd, check=True, capture_output=True,
    )


def _make_series(tmp_path):
    """A two-patch series made with git format-patch, like the real one."""
    repo = tmp_path / "upstream"
    module = repo / "nova" / "image" / "glance.py"
    module.parent.mkdir(parents=True)
    module.write_text(WRAPPER)
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "release")
    for subject, text, note in (
        ("Remove the wrapper", STAGE1, "remove-wrapper"),
        ("Honour retry options", STAGE2, "retries"),
    ):
        module.write_text(text)
        notes = repo / "releasenotes" / "notes"
        notes.mkdir(parents=True, exist_ok=True)
        (notes / f"{note}.yaml").write_text("---\nupgrade:\n  - x\n")
        _git(repo, "add", "-A")
        _git(repo, "commit", "-q", "-m", subject)
    out = tmp_path / "patches"
    _git(repo, "format-patch", "-q", "-o", str(out), "HEAD~2")
    names = sorted(p.name for p in out.glob("*.patch"))
    (out / "series").write_text("# the series\n" + "\n".join(names) + "\n")
    return repo, out


def _plain_tree(tmp_path, text=WRAPPER):
    root = tmp_path / "site-packages"
    module = root / "nova" / "image" / "glance.py"
    module.parent.mkdir(parents=True)
    module.write_text(text)
    return root


def _series_and_plain_tree(tmp_path, text=WRAPPER):
    _, patches = _make_series(tmp_path)
    series = novapatch_series.load(patches)
    return series, novapatch_tree.open_tree(_plain_tree(tmp_path, text))


def test_load_reads_series_in_order(tmp_path):
    _, patches = _make_series(tmp_path)
    series = novapatch_series.load(patches)
    assert [p.name[:4] for p in series.patches] == ["0001", "0002"]
    assert series.patches[0].files == (
        "nova/image/glance.py", "releasenotes/notes/remove-wrapper.yaml")
    assert series.patches[0].files_in(False) == ["nova/image/glance.py"]
    assert len(series.sha256) == 64


def test_sha256_follows_patch_content(tmp_path):
    _, patches = _make_series(tmp_path)
    before = novapatch_series.load(patches).sha256
    first = sorted(patches.glob("0001*"))[0]
    first.write_text(first.read_text() + "\n")
    assert novapatch_series.load(patches).sha256 != before


def test_load_missing_series_is_bad_input(tmp_path):
    with pytest.raises(errors.BadInput, match="no nova patch series"):
        novapatch_series.load(tmp_path)


def test_load_missing_patch_names_line(tmp_path):
    (tmp_path / "series").write_text("# comment\n\nnope.patch\n")
    with pytest.raises(errors.BadInput, match="line 3: nope.patch"):
        novapatch_series.load(tmp_path)


def test_load_not_a_patch(tmp_path):
    (tmp_path / "series").write_text("a.patch\n")
    (tmp_path / "a.patch").write_text("hello\n")
    with pytest.raises(errors.BadInput, match="not a patch"):
        novapatch_series.load(tmp_path)


def test_series_dir_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv(novapatch_series.ENV_DIR, str(tmp_path))
    assert novapatch_series.series_dir() == tmp_path


def test_checkout_series_is_found():
    # The repository's own series, as an editable install finds it.
    series = novapatch_series.load(novapatch_series._CHECKOUT_DIR)
    assert series.patches


def test_open_tree_root_or_package(tmp_path):
    root = _plain_tree(tmp_path)
    assert novapatch_tree.open_tree(root).root == root
    assert novapatch_tree.open_tree(root / "nova").root == root
    assert not novapatch_tree.open_tree(root).is_git


def test_open_tree_rejects_other_dirs(tmp_path):
    with pytest.raises(errors.BadInput, match="not a nova tree"):
        novapatch_tree.open_tree(tmp_path)
    (tmp_path / "image").mkdir()
    (tmp_path / "image" / "glance.py").write_text("")
    with pytest.raises(errors.BadInput, match="not a nova tree"):
        novapatch_tree.open_tree(tmp_path / "image")


@pytest.mark.parametrize(
    ("output", "expected"),
    [
        ("error: patch failed: nova/image/glance.py:88\n",
         "nova/image/glance.py"),
        ("error: nova/conf/glance.py: patch does not apply\n",
         "nova/conf/glance.py"),
        ("CONFLICT (content): Merge conflict in nova/image/glance.py\n",
         "nova/image/glance.py"),
        ("something else\n", "default.py"),
    ],
)
def test_failed_file(output, expected):
    assert novapatch_tree.failed_file(output, "default.py") == expected


def test_subject_unfolds_format_patch_header():
    text = ("From abc Mon Sep 17 00:00:00 2001\n"
            "Subject: [PATCH 1/2] Call glanceclient v2 directly, without\n"
            " GlanceClientWrapper\n\nbody\n")
    assert novapatch_apply._subject(text) == (
        "Call glanceclient v2 directly, without GlanceClientWrapper")


def test_plain_tree_apply_status_and_idempotence(tmp_path):
    series, tree = _series_and_plain_tree(tmp_path)
    assert novapatch_apply.status(tree, series)["state"] == "not-applied"

    dry = novapatch_apply.apply(tree, series, dry_run=True)
    assert dry["changed"] is True
    assert tree.glance_module.read_text() == WRAPPER

    done = novapatch_apply.apply(tree, series)
    assert done["changed"] is True
    assert done["wrapper_present"] is False
    assert done["applied"] == series.names()
    assert [a["file"] for a in done["actions"]] == ["nova/image/glance.py"] * 2
    assert tree.glance_module.read_text() == STAGE2
    # An installed package gets no release notes.
    assert not (tree.root / "releasenotes").exists()

    again = novapatch_apply.apply(tree, series)
    assert again["changed"] is False
    assert again["actions"] == []
    assert "already applied" in again["message"]


def test_partially_applied_tree_gets_the_rest(tmp_path):
    series, tree = _series_and_plain_tree(tmp_path, STAGE1)
    status = novapatch_apply.status(tree, series)
    assert status["state"] == "partially-applied"
    assert status["applied"] == series.names()[:1]
    done = novapatch_apply.apply(tree, series)
    assert [a["patch"] for a in done["actions"]] == series.names()[1:]
    assert tree.glance_module.read_text() == STAGE2


def test_wrapper_free_tree_without_series_is_left_alone(tmp_path):
    text = "class GlanceImageServiceV2(object):\n    upstream = True\n"
    series, tree = _series_and_plain_tree(tmp_path, text)
    result = novapatch_apply.apply(tree, series)
    assert result["changed"] is False
    assert result["state"] == "wrapper-free-without-series"
    assert "nothing to do" in result["message"]
    assert tree.glance_module.read_text() == text


def test_plain_conflict_restores_files(tmp_path):
    # The first patch applies, the second does not: the first is undone.
    series, tree = _series_and_plain_tree(tmp_path)
    second = series.patches[1].path
    second.write_text(second.read_text().replace(
        "+def _retry_options():", "+def _retry_options():  # changed").replace(
        " class GlanceImageServiceV2(object):", " class Other(object):"))
    with pytest.raises(novapatch_apply.Conflict) as raised:
        novapatch_apply.apply(tree, series)
    assert raised.value.patch == series.names()[1]
    assert raised.value.filename == "nova/image/glance.py"
    assert tree.glance_module.read_text() == WRAPPER


def test_git_checkout_gets_commits_and_conflict_aborts(tmp_path):
    upstream, patches = _make_series(tmp_path)
    series = novapatch_series.load(patches)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(upstream), str(clone)],
                   check=True)
    _git(clone, "reset", "-q", "--hard", "HEAD~2")
    tree = novapatch_tree.open_tree(clone)
    assert tree.is_git
    done = novapatch_apply.apply(tree, series)
    assert done["changed"] is True and done["state"] == "applied"
    assert (clone / "releasenotes" / "notes" / "retries.yaml").exists()

    _git(clone, "reset", "-q", "--hard", "HEAD~2")
    module = clone / "nova" / "image" / "glance.py"
    module.write_text("class GlanceClientWrapper(object):\n    local = 1\n")
    _git(clone, "commit", "-q", "-am", "local change")
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=clone, text=True,
                          capture_output=True, check=True).stdout
    with pytest.raises(novapatch_apply.Conflict) as raised:
        novapatch_apply.apply(tree, series)
    assert raised.value.patch == series.names()[0]
    assert raised.value.filename == "nova/image/glance.py"
    assert subprocess.run(["git", "rev-parse", "HEAD"], cwd=clone, text=True,
                          capture_output=True, check=True).stdout == head
    assert "local = 1" in module.read_text()
    assert not (clone / ".git" / "rebase-apply").exists()
