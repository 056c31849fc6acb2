"""Tests for nova_glance_v2.session: one way to a cloud, and no other.

Every command that talks to a cloud goes through ``session.connect``: no
cloud, or a cloud clouds.yaml lacks, is exit 2 naming the clouds.yaml
files searched, and nothing is contacted. A loopback listener stands for
the cloud clouds.yaml does define, and counts who knocks.
"""

import pytest

from nova_glance_v2 import cli
from nova_glance_v2 import errors
from nova_glance_v2 import session
from tests import loopback


@pytest.fixture
def listener():
    """A TCP port on 127.0.0.1 that records every connection."""
    with loopback.listener() as port_and_accepted:
        yield port_and_accepted


@pytest.fixture
def clouds_yaml(tmp_path, monkeypatch, listener):
    port, _ = listener
    path = tmp_path / "clouds.yaml"
    path.write_text(loopback.clouds_yaml_text(port))
    monkeypatch.setenv("OS_CLIENT_CONFIG_FILE", str(path))
    monkeypatch.delenv("OS_CLOUD", raising=False)
    for name in ("OS_AUTH_URL", "OS_USERNAME", "OS_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    return path


def _cloud_commands(tmp_path):
    """Every command that talks to a cloud, with what it needs besides."""
    no_url = tmp_path / "nova.conf"
    no_url.write_text("[DEFAULT]\ndebug = true\n")
    return [
        ["catalog", "show"],
        ["catalog", "ensure", "--url", "http://127.0.0.1:9292"],
        ["nova-conf", "probe", "--config-file", str(no_url)],
        ["nova-conf", "configure", "--config-file", str(no_url)],
        ["tempest-conf", "configure", "--config-file",
         str(tmp_path / "tempest.conf")],
        ["verify"],
        ["upgrade", "check"],
        ["legacy", "seed", "--url", "http://127.0.0.1:9292", "--catalog"],
    ]


def _bad_input_exit(argv):
    """upgrade check keeps 2 for oslo.upgradecheck's Failure."""
    return (errors.EXIT_UPGRADE_BAD_INPUT if argv[0] == "upgrade"
            else errors.EXIT_BAD_INPUT)


def test_an_unknown_cloud_is_bad_input_on_every_cloud_command(
        tmp_path, clouds_yaml, listener, capsys):
    _, accepted = listener
    for argv in _cloud_commands(tmp_path):
        code = cli.main(["--os-cloud", "nosuchcloud", *argv])
        err = capsys.readouterr().err
        assert code == _bad_input_exit(argv), argv
        assert "'nosuchcloud' is not in clouds.yaml" in err, argv
        assert str(clouds_yaml) in err, argv
        assert "clouds found: real" in err, argv
        assert len(err.strip().splitlines()) == 1, argv
    assert accepted == []


def test_no_cloud_is_bad_input_never_a_fallback(
        tmp_path, clouds_yaml, listener, capsys):
    _, accepted = listener
    for argv in _cloud_commands(tmp_path):
        if argv[0] == "upgrade":
            continue  # checks the files alone without a cloud (a warning)
        code = cli.main(argv)
        err = capsys.readouterr().err
        assert code == _bad_input_exit(argv), argv
        assert "--os-cloud" in err, argv
        if argv[:2] != ["nova-conf", "configure"]:
            assert "no cloud given" in err and str(clouds_yaml) in err, argv
    assert accepted == []


def test_the_named_cloud_is_the_one_contacted(clouds_yaml, listener):
    _, accepted = listener
    with pytest.raises(errors.Unavailable):
        session.connect("real")
    assert accepted
