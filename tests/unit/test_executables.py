"""executables.py: this Python's programs first, PATH as the fallback."""

import os
import sys

import pytest

from nova_glance_v2 import errors
from nova_glance_v2 import executables


def _program(directory, name):
    path = directory / name
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    return str(path)


@pytest.fixture
def dirs(tmp_path, monkeypatch):
    venv_bin = tmp_path / "venv" / "bin"
    on_path = tmp_path / "path"
    venv_bin.mkdir(parents=True)
    on_path.mkdir()
    monkeypatch.setattr(sys, "executable", str(venv_bin / "python"))
    monkeypatch.setenv("PATH", str(on_path))
    return venv_bin, on_path


def test_beside_python(dirs):
    venv_bin, _ = dirs
    assert executables.beside_python("tempest") == os.path.join(
        venv_bin, "tempest")


def test_the_venvs_program_wins_over_path(dirs):
    venv_bin, on_path = dirs
    _program(on_path, "tempest")
    local = _program(venv_bin, "tempest")
    assert executables.find("tempest") == local


def test_path_is_the_fallback(dirs):
    _, on_path = dirs
    found = _program(on_path, "tempest")
    assert executables.find("tempest") == found


def test_neither_is_bad_input_naming_the_program(dirs):
    with pytest.raises(errors.BadInput) as raised:
        executables.find("tempest")
    assert str(raised.value) == "tempest: not installed"
