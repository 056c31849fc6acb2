"""novapatch/runtime.py: which nova this process imports."""

import sys
import types

import pytest

from nova_glance_v2 import errors
from nova_glance_v2.novapatch import runtime


@pytest.fixture
def isolated(monkeypatch):
    """sys.path and sys.modules["nova"] restored after the test."""
    monkeypatch.setattr(sys, "path", list(sys.path))
    monkeypatch.delitem(sys.modules, "nova", raising=False)
    monkeypatch.delenv(runtime.ENV_PATH, raising=False)
    return monkeypatch


def _tree(path):
    (path / "nova").mkdir(parents=True)
    (path / "nova" / "__init__.py").write_text("")
    return path


def test_unset_changes_nothing(isolated):
    before = list(sys.path)
    assert runtime.use_nova_from_environment() is None
    assert sys.path == before


def test_the_tree_goes_first_once(isolated, tmp_path):
    root = _tree(tmp_path / "overlay")
    isolated.setenv(runtime.ENV_PATH, str(root))
    assert runtime.use_nova_from_environment() == root
    assert runtime.use_nova_from_environment() == root
    assert sys.path[0] == str(root)
    assert sys.path.count(str(root)) == 1


def test_a_directory_without_nova_is_bad_input(isolated, tmp_path):
    isolated.setenv(runtime.ENV_PATH, str(tmp_path))
    with pytest.raises(errors.BadInput, match="no nova package in it"):
        runtime.use_nova_from_environment()


def test_a_nova_imported_from_elsewhere_is_bad_input(isolated, tmp_path):
    root = _tree(tmp_path / "overlay")
    other = _tree(tmp_path / "venv")
    isolated.setenv(runtime.ENV_PATH, str(root))
    isolated.setitem(sys.modules, "nova", types.SimpleNamespace(
        __file__=str(other / "nova" / "__init__.py")))
    with pytest.raises(errors.BadInput) as raised:
        runtime.use_nova_from_environment()
    assert str(raised.value).endswith(f"already imported from {other}")
    isolated.setitem(sys.modules, "nova", types.SimpleNamespace(
        __file__=str(root / "nova" / "__init__.py")))
    assert runtime.use_nova_from_environment() == root
