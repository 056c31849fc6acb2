"""novapatch.series: reading patches/nova."""

import pathlib

import pytest

from nova_glance_v2 import errors
from nova_glance_v2.novapatch import series as novapatch_series
from tests.unit.novapatch import synthetic


def test_load_reads_series_in_order(tmp_path):
    _, patches = synthetic.make_series(tmp_path)
    series = novapatch_series.load(patches)
    assert [p.name[:4] for p in series.patches] == ["0001", "0002"]
    assert series.patches[0].files == (
        "nova/image/glance.py", "releasenotes/notes/remove-wrapper.yaml")
    assert series.patches[0].files_in(False) == ["nova/image/glance.py"]
    assert len(series.sha256) == 64


def test_sha256_follows_patch_content(tmp_path):
    _, patches = synthetic.make_series(tmp_path)
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


def test_packaged_series_is_the_checkouts():
    # package data is patches/nova itself, not a copy that can drift.
    top = pathlib.Path(__file__).resolve().parents[3]
    assert (novapatch_series.PACKAGED_DIR.resolve()
            == (top / "patches" / "nova").resolve())
    series = novapatch_series.load(novapatch_series.PACKAGED_DIR)
    assert series.names() == [
        line for line in (top / "patches" / "nova" / "series")
        .read_text().splitlines() if line.strip()]
