"""``nova-patch apply|status`` through the command line, on small trees."""

import json

from nova_glance_v2 import cli
from tests.unit.novapatch import synthetic


def _main(capsys, *argv):
    code = cli.main(["-f", "json", *argv])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else None), err


def test_apply_then_status(tmp_path, capsys):
    _, patches = synthetic.make_series(tmp_path)
    root = synthetic.plain_tree(tmp_path)
    args = ["--nova-dir", str(root), "--series-dir", str(patches)]
    code, dry, _ = _main(capsys, "nova-patch", "apply", "--dry-run", *args)
    assert code == 0 and dry["changed"] is True
    assert (root / "nova" / "image" / "glance.py").read_text() == (
        synthetic.WRAPPER)
    code, done, _ = _main(capsys, "nova-patch", "apply", *args)
    assert code == 0
    assert done["changed"] is True and done["diff"] == ""
    assert all(action["op"] == "apply_patch" for action in done["actions"])
    code, status, _ = _main(capsys, "nova-patch", "status", *args)
    assert code == 0
    assert status["state"] == "applied"
    assert status["wrapper_present"] is False


def test_conflict_exits_1_naming_patch_and_file(tmp_path, capsys):
    _, patches = synthetic.make_series(tmp_path)
    root = synthetic.plain_tree(tmp_path, "class GlanceClientWrapper:\n")
    code, report, err = _main(capsys, "nova-patch", "apply", "--nova-dir",
                              str(root), "--series-dir", str(patches))
    assert code == 1
    first = sorted(p.name for p in patches.glob("0001*"))[0]
    assert first in err and "nova/image/glance.py" in err
    assert len(err.strip().splitlines()) == 1
    assert report["changed"] is False
    assert report["conflict"]["patch"] == first


def test_not_a_nova_tree_is_bad_input(tmp_path, capsys):
    code, report, err = _main(capsys, "nova-patch", "status", "--nova-dir",
                              str(tmp_path))
    assert code == 2
    assert report is None
    assert "not a nova tree" in err
