"""novapatch.tree: finding nova trees, reading git's failures."""

import pytest

from nova_glance_v2 import errors
from nova_glance_v2.novapatch import tree as novapatch_tree
from tests.unit.novapatch import synthetic


def test_open_tree_root_or_package(tmp_path):
    root = synthetic.plain_tree(tmp_path)
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
