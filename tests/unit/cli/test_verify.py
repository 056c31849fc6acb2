"""``nova-glance-v2 verify``: a nova config file is checked before any
cloud is contacted or any image uploaded."""

from nova_glance_v2 import cli
from nova_glance_v2 import errors


def test_a_bad_nova_conf_stops_before_the_cloud(tmp_path, capsys,
                                                monkeypatch):
    conf = tmp_path / "nova.conf"
    conf.write_text("[glance]\napi_servers = http://g\nno equals sign\n")
    clouds = tmp_path / "clouds.yaml"
    clouds.write_text("clouds: {}\n")
    monkeypatch.setenv("OS_CLIENT_CONFIG_FILE", str(clouds))
    code = cli.main(["--os-cloud", "nosuchcloud", "verify", "--nova-conf",
                     str(conf)])
    err = capsys.readouterr().err
    assert code == errors.EXIT_BAD_INPUT
    assert err.startswith(f"nova-glance-v2: error: {conf}: line 3")
    assert "nosuchcloud" not in err
