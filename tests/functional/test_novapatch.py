"""The series on the real nova 34.0.0 tree installed in the venv.

Each test works on a copy of the installed ``nova`` package, or of the
files the series touches (the venv is never modified): the series
applies, nova's own image unit tests pass on the result, a second
application changes nothing, and a tree the series conflicts with is left
byte for byte as it was.
"""

import hashlib
import importlib.util
import json
import pathlib
import re
import shutil
import subprocess
import sys

import pytest

from nova_glance_v2.novapatch import apply as novapatch_apply
from nova_glance_v2.novapatch import series as novapatch_series
from nova_glance_v2.novapatch import tree as novapatch_tree
from tests.functional.conftest import run_cli
from tests.functional.conftest import run_cli_json

pytestmark = pytest.mark.functional

# nova's test_glance.py of the series (124); the release's has 100.
MIN_IMAGE_TESTS = 124


def _installed_nova():
    # find_spec does not import nova (which would monkey-patch eventlet).
    spec = importlib.util.find_spec("nova")
    return pathlib.Path(spec.submodule_search_locations[0])


@pytest.fixture
def nova_copy(tmp_path):
    """A copy of the installed nova package: tmp_path/nova."""
    # The bytecode comes along: Python recompiles what the series changes
    # (it checks each source's mtime and size) and nothing else.
    shutil.copytree(_installed_nova(), tmp_path / "nova")
    return tmp_path


@pytest.fixture
def nova_files(tmp_path):
    """The installed nova files the series touches, in tmp_path/nova."""
    for name in novapatch_series.load().patches[0].files_in(False) + [
            "nova/conf/glance.py", "nova/__init__.py"]:
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(_installed_nova().parent / name, target)
    return tmp_path


def tree_hash(root):
    """One hash over every file's path and bytes under root."""
    digest = hashlib.sha256()
    for path in sorted(pathlib.Path(root).rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.mark.upstream
def test_series_passes_nova_image_unit_tests(nova_copy):
    series = novapatch_series.load()
    tree = novapatch_tree.open_tree(nova_copy / "nova")
    result = novapatch_apply.apply(tree, series)
    assert result["changed"] is True
    assert result["wrapper_present"] is False
    assert result["applied"] == series.names()

    done = subprocess.run(
        [sys.executable, "-m", "testtools.run", "discover",
         "-s", "nova/tests/unit/image", "-t", "."],
        cwd=nova_copy, env={"PYTHONPATH": str(nova_copy),
                            "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True, timeout=600, check=False,
    )
    output = done.stdout + done.stderr
    ran = re.search(r"^Ran (\d+) tests? in", output, re.MULTILINE)
    assert ran, output[-3000:]
    count = int(ran.group(1))
    print(f"nova.tests.unit.image on the wrapper-free nova: {count} tests, "
          f"exit {done.returncode}")
    assert done.returncode == 0, output[-5000:]
    assert re.search(r"^OK", output, re.MULTILINE), output[-3000:]
    assert count >= MIN_IMAGE_TESTS


def test_apply_twice_changes_nothing_the_second_time(nova_files):
    dry = run_cli_json("nova-patch", "apply", "--nova-dir", str(nova_files),
                       "--dry-run")
    assert dry["changed"] is True
    assert dry["wrapper_present"] is True
    first = run_cli_json("nova-patch", "apply", "--nova-dir",
                         str(nova_files))
    assert first["changed"] is True
    assert first["wrapper_present"] is False
    assert first["diff"] == ""
    assert {a["file"] for a in first["actions"]} == {
        "nova/image/glance.py", "nova/conf/glance.py",
        "nova/tests/unit/image/test_glance.py"}
    applied = tree_hash(nova_files)
    again = run_cli_json("nova-patch", "apply", "--nova-dir",
                         str(nova_files))
    assert again["changed"] is False
    assert again["actions"] == []
    assert again["applied"] == first["applied"]
    assert tree_hash(nova_files) == applied
    status = run_cli_json("nova-patch", "status", "--nova-dir",
                          str(nova_files / "nova"))
    assert status["state"] == "applied"


def test_conflicting_tree_is_left_unchanged(nova_files):
    series = novapatch_series.load()
    module = nova_files / "nova" / "image" / "glance.py"
    text = module.read_text()
    local = text.replace("num_attempts = 1 + CONF.glance.num_retries",
                         "num_attempts = 2 + CONF.glance.num_retries")
    assert local != text
    module.write_text(local)
    before = tree_hash(nova_files)
    done = run_cli("-f", "json", "nova-patch", "apply", "--nova-dir",
                   str(nova_files), check=False)
    assert done.returncode == 1, done.stderr
    assert series.names()[0] in done.stderr
    assert "nova/image/glance.py" in done.stderr
    report = json.loads(done.stdout)
    assert report["changed"] is False
    assert report["conflict"]["patch"] == series.names()[0]
    assert report["conflict"]["file"] == "nova/image/glance.py"
    assert tree_hash(nova_files) == before
