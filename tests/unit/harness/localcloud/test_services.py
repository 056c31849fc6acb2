"""localcloud/services.py: the services' config files and command lines,
written and read back (nothing started)."""

import configparser
import os
import stat

import pytest

from nova_glance_v2_harness.localcloud import layout as layout_mod
from nova_glance_v2_harness.localcloud import nova_overlay
from nova_glance_v2_harness.localcloud import services

PORTS = {"keystone": 15001, "glance": 15002, "nova-api": 15003}


@pytest.fixture
def layout(tmp_path):
    cloud = layout_mod.Layout(tmp_path / "state")
    cloud.make_dirs()
    return cloud


def _read(path):
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, path
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read(path)
    return parser


def test_configs_carry_the_states_urls_and_passwords(layout):
    state = layout_mod.State.new(PORTS)
    services.write_keystone(layout, state)
    services.write_glance(layout, state)
    services.write_nova(layout, state)
    keystone = _read(layout.keystone_conf)
    glance = _read(layout.glance_conf)
    nova = _read(layout.nova_conf)
    assert keystone["database"]["connection"].startswith(
        f"sqlite:///{layout.root}/keystone/")
    assert glance["DEFAULT"]["worker_self_reference_url"] == (
        "http://127.0.0.1:15002")
    for conf, user in ((glance, "glance"), (nova, "nova")):
        authtoken = conf["keystone_authtoken"]
        assert authtoken["auth_url"] == "http://127.0.0.1:15001/v3"
        assert authtoken["password"] == state.passwords[user]
        assert "cafile" not in authtoken
    # Where nova finds glance is the product's job, not the cloud's.
    assert not nova.has_section("glance")
    assert [glance[s]["weight"] for s in services.GLANCE_STORES] == [
        "100", "50"]


def test_https_trusts_the_local_ca(layout):
    state = layout_mod.State.new(PORTS, ca_file="/state/tls/ca.pem")
    services.write_nova(layout, state)
    services.write_uwsgi(layout, state, "nova-api")
    authtoken = _read(layout.nova_conf)["keystone_authtoken"]
    assert authtoken["cafile"] == "/state/tls/ca.pem"
    assert authtoken["auth_url"] == "https://127.0.0.1:15001/v3"
    uwsgi = _read(os.path.join(layout.service_dir("nova-api"),
                               "uwsgi.ini"))["uwsgi"]
    assert uwsgi["https-socket"].startswith("127.0.0.1:15003,")
    assert "http-socket" not in uwsgi
    glance = services.server(layout, state, "glance")
    assert glance.argv[glance.argv.index("--certfile") + 1].startswith(
        layout.tls_dir)
    assert glance.health_url == "https://127.0.0.1:15002/"
    assert glance.ca_file == "/state/tls/ca.pem"


def test_command_lines_and_their_marker(layout):
    state = layout_mod.State.new(PORTS)
    servers = services.all_servers(layout, state)
    assert sorted(servers) == sorted(layout_mod.SERVICES)
    keystone = servers["keystone"]
    assert keystone.argv[1:] == ["--ini", os.path.join(
        layout.service_dir("keystone"), "uwsgi.ini")]
    assert keystone.env[services.APP_ENV] == "keystone.wsgi.api"
    assert keystone.health_url == "http://127.0.0.1:15001/v3"
    glance = servers["glance"]
    assert "127.0.0.1:15002" in glance.argv
    assert "--certfile" not in glance.argv
    # The state directory is on every command line: what is signalled.
    for server in servers.values():
        assert server.marker in " ".join(server.argv)


@pytest.mark.parametrize(("kind", "first"), [
    (nova_overlay.STOCK, None), (nova_overlay.WRAPPER_FREE, "/overlay")])
def test_nova_api_runs_the_chosen_nova_first(layout, monkeypatch, kind,
                                             first):
    monkeypatch.setenv("PYTHONPATH", "/already")
    state = layout_mod.State.new(PORTS)
    state.nova = {"kind": kind, "path": "/overlay"}
    env = services.server(layout, state, "nova-api").env
    assert env["PYTHONPATH"] == (f"/overlay{os.pathsep}/already" if first
                                 else "/already")
