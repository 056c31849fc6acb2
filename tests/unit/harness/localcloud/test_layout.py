"""localcloud/layout.py: the state directory's paths and ``state.json``."""

import os
import stat

import pytest

from nova_glance_v2 import errors
from nova_glance_v2_harness.localcloud import layout as layout_mod

PORTS = {"keystone": 15001, "glance": 15002, "nova-api": 15003}


@pytest.fixture
def layout(tmp_path):
    return layout_mod.Layout(tmp_path / "state")


def test_everything_lives_under_the_root(layout):
    paths = [layout.service_dir("glance"), layout.log_file("glance"),
             layout.pid_file("glance"), layout.tempest_workspace,
             layout.tls_dir, layout.clouds_yaml, layout.state_file,
             layout.nova_conf, layout.glance_conf, layout.keystone_conf,
             *layout.entries()]
    assert all(path.startswith(layout.root + os.sep) for path in paths)
    assert layout.sqlite_url("glance", "glance.db") == (
        f"sqlite:///{layout.root}/glance/glance.db")
    layout.make_dirs()
    assert sorted(os.listdir(layout.root)) == sorted(
        ["log", "run", *layout_mod.SERVICES])


def test_state_round_trip_is_private(layout):
    layout.make_dirs()
    state = layout_mod.State.new(PORTS)
    state.nova = {"kind": "stock"}
    state.save(layout)
    assert stat.S_IMODE(os.stat(layout.state_file).st_mode) == 0o600
    loaded = layout_mod.State.load(layout)
    assert (loaded.ports, loaded.passwords, loaded.ca_file, loaded.nova) \
        == (PORTS, state.passwords, None, {"kind": "stock"})
    assert len(set(state.passwords.values())) == 3
    assert os.listdir(layout.root).count("state.json") == 1
    assert not [n for n in os.listdir(layout.root) if n.endswith(".tmp")]


def test_a_failed_save_keeps_the_old_state(layout, monkeypatch):
    layout.make_dirs()
    layout_mod.State.new(PORTS).save(layout)
    before = open(layout.state_file).read()

    def broken(*_args, **_kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(layout_mod.json, "dump", broken)
    with pytest.raises(OSError):
        layout_mod.State.new(PORTS).save(layout)
    assert open(layout.state_file).read() == before
    assert sorted(os.listdir(layout.root)) == sorted(
        ["log", "run", *layout_mod.SERVICES, "state.json"])


def test_no_state_yet_is_none(layout):
    assert layout_mod.State.load(layout) is None


@pytest.mark.parametrize("text", ["{", "[]", '{"ports": {}}'])
def test_a_broken_state_is_bad_input_naming_the_file(layout, text):
    layout.make_dirs()
    with open(layout.state_file, "w") as state_file:
        state_file.write(text)
    with pytest.raises(errors.BadInput) as raised:
        layout_mod.State.load(layout)
    assert str(raised.value).startswith(f"{layout.state_file}: not a local")
    assert "\n" not in str(raised.value)


def test_a_state_dir_that_is_a_file_is_bad_input(tmp_path):
    (tmp_path / "file").write_text("")
    with pytest.raises(errors.BadInput, match="not a directory"):
        layout_mod.State.load(layout_mod.Layout(tmp_path / "file"))


def test_urls_follow_the_scheme():
    plain = layout_mod.State(PORTS, {})
    assert plain.url("keystone") == "http://127.0.0.1:15001/v3"
    assert plain.url("glance") == "http://127.0.0.1:15002"
    assert plain.url("nova-api") == "http://127.0.0.1:15003/v2.1"
    tls = layout_mod.State(PORTS, {}, ca_file="/ca.pem")
    assert tls.root_url("glance") == "https://127.0.0.1:15002"
