"""novapatch.apply: status and application on small synthetic trees."""

import subprocess

import pytest

from nova_glance_v2.novapatch import apply as novapatch_apply
from nova_glance_v2.novapatch import series as novapatch_series
from nova_glance_v2.novapatch import tree as novapatch_tree
from tests.unit.novapatch import synthetic


def test_subject_unfolds_format_patch_header():
    text = ("From abc Mon Sep 17 00:00:00 2001\n"
            "Subject: [PATCH 1/2] Call glanceclient v2 directly, without\n"
            " GlanceClientWrapper\n\nbody\n")
    assert novapatch_apply._subject(text) == (
        "Call glanceclient v2 directly, without GlanceClientWrapper")


def test_plain_tree_apply_status_and_idempotence(tmp_path):
    series, tree = synthetic.series_and_plain_tree(tmp_path)
    assert novapatch_apply.status(tree, series)["state"] == "not-applied"

    dry = novapatch_apply.apply(tree, series, dry_run=True)
    assert dry["changed"] is True
    assert tree.glance_module.read_text() == synthetic.WRAPPER

    done = novapatch_apply.apply(tree, series)
    assert done["changed"] is True
    assert done["wrapper_present"] is False
    assert done["applied"] == series.names()
    assert [a["file"] for a in done["actions"]] == ["nova/image/glance.py"] * 2
    assert tree.glance_module.read_text() == synthetic.STAGE2
    # An installed package gets no release notes.
    assert not (tree.root / "releasenotes").exists()

    again = novapatch_apply.apply(tree, series)
    assert again["changed"] is False
    assert again["actions"] == []
    assert "already applied" in again["message"]


def test_partially_applied_tree_gets_the_rest(tmp_path):
    series, tree = synthetic.series_and_plain_tree(tmp_path, synthetic.STAGE1)
    status = novapatch_apply.status(tree, series)
    assert status["state"] == "partially-applied"
    assert status["applied"] == series.names()[:1]
    done = novapatch_apply.apply(tree, series)
    assert [a["patch"] for a in done["actions"]] == series.names()[1:]
    assert tree.glance_module.read_text() == synthetic.STAGE2


def test_wrapper_free_tree_without_series_is_left_alone(tmp_path):
    text = "class GlanceImageServiceV2(object):\n    upstream = True\n"
    series, tree = synthetic.series_and_plain_tree(tmp_path, text)
    result = novapatch_apply.apply(tree, series)
    assert result["changed"] is False
    assert result["state"] == "wrapper-free-without-series"
    assert "nothing to do" in result["message"]
    assert tree.glance_module.read_text() == text


def test_plain_conflict_restores_files(tmp_path):
    # The first patch applies, the second does not: the first is undone.
    series, tree = synthetic.series_and_plain_tree(tmp_path)
    second = series.patches[1].path
    second.write_text(second.read_text().replace(
        "+def _retry_options():", "+def _retry_options():  # changed").replace(
        " class GlanceImageServiceV2(object):", " class Other(object):"))
    with pytest.raises(novapatch_apply.Conflict) as raised:
        novapatch_apply.apply(tree, series)
    assert raised.value.patch == series.names()[1]
    assert raised.value.filename == "nova/image/glance.py"
    assert tree.glance_module.read_text() == synthetic.WRAPPER


def test_git_checkout_gets_commits_and_conflict_aborts(tmp_path):
    upstream, patches = synthetic.make_series(tmp_path)
    series = novapatch_series.load(patches)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(upstream), str(clone)],
                   check=True)
    synthetic.git(clone, "reset", "-q", "--hard", "HEAD~2")
    tree = novapatch_tree.open_tree(clone)
    assert tree.is_git
    done = novapatch_apply.apply(tree, series)
    assert done["changed"] is True and done["state"] == "applied"
    assert (clone / "releasenotes" / "notes" / "retries.yaml").exists()

    synthetic.git(clone, "reset", "-q", "--hard", "HEAD~2")
    module = clone / "nova" / "image" / "glance.py"
    module.write_text("class GlanceClientWrapper(object):\n    local = 1\n")
    synthetic.git(clone, "commit", "-q", "-am", "local change")
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

