"""The tools against a cloud served over https by a private CA.

The TLS cloud (``cloud up --tls``) is trusted through clouds.yaml's
``cacert`` and nova's ``[glance] cafile`` only: the system store does not
know its CA, so any client that skipped verification or fell back to the
system store would show here.
"""

import json
import os
import re
import shutil
import stat

import pytest
import yaml

from nova_glance_v2 import errors
from nova_glance_v2_harness.localcloud import layout
from tests.functional.conftest import PRISTINE_NOVA_CONF
from tests.functional.conftest import TLS_PORTS
from tests.functional.conftest import run_cli
from tests.functional.conftest import run_cli_json
from tests.functional.conftest import run_harness
from tests.functional.conftest import run_harness_json

pytestmark = pytest.mark.functional


def _glance_url(status):
    return status["services"]["glance"]["url"]


def _configure(env, conf, *options):
    return run_cli_json("nova-conf", "configure", "--config-file", conf,
                        *options, env=env)


def _pristine_copy(cloud, tmp_path):
    """The TLS cloud's nova.conf as up wrote it (no [glance]), copied."""
    conf = str(tmp_path / "nova.conf")
    shutil.copy2(os.path.join(cloud.layout.root, PRISTINE_NOVA_CONF), conf)
    return conf


def _glance_log_size(cloud):
    return os.path.getsize(cloud.layout.log_file("glance"))


def test_status_reports_https_and_the_ca(tls_cloud):
    cloud, status, env = tls_cloud
    report = run_harness_json("cloud", "status", "--state-dir",
                          cloud.layout.root)
    assert report["ca_file"] == status["ca_file"]
    assert os.path.isfile(report["ca_file"])
    for service, details in report["services"].items():
        assert details["url"].startswith("https://127.0.0.1:"), service
        assert details["healthy"], service
    with open(report["clouds_yaml"]) as clouds_file:
        entry = yaml.safe_load(clouds_file)["clouds"][env["OS_CLOUD"]]
    assert entry["cacert"] == report["ca_file"]
    assert "insecure" not in entry and "verify" not in entry
    tls_dir = os.path.dirname(report["ca_file"])
    keys = [name for name in os.listdir(tls_dir) if "key" in name]
    assert keys, os.listdir(tls_dir)
    for name in keys:
        mode = stat.S_IMODE(os.stat(os.path.join(tls_dir, name)).st_mode)
        assert mode == 0o600, name


def test_keystone_catalog_is_https(tls_cloud):
    _, _, env = tls_cloud
    done = run_cli(
        "catalog", "ensure", "--url",
        _glance_url(tls_cloud[1]), "-f", "json", env=env)
    assert done.returncode == 0, done.stderr
    shown = run_cli_json("catalog", "show", env=env)
    urls = [e["url"] for e in shown["endpoints"]]
    assert urls and all(u.startswith("https://") for u in urls), urls
    assert all(d["ok"] for d in shown["discovery"]), shown["discovery"]


def test_verify_and_nova_api_proxy_over_https_with_cafile(tls_cloud):
    cloud, status, env = tls_cloud
    run_cli("catalog", "ensure", "--url", _glance_url(status), env=env)
    _configure(env, cloud.layout.nova_conf, "--api-servers",
               _glance_url(status), "--cafile", status["ca_file"])
    with open(cloud.layout.nova_conf) as conf_file:
        assert "insecure" not in conf_file.read()
    cloud.restart("nova-api")
    report = run_cli_json("verify", "--nova-conf", cloud.layout.nova_conf,
                          env=env)
    steps = {s["step"]: s["result"] for s in report["steps"]}
    assert report["verdict"] == "PASS", report
    # nova-api's image proxy is nova's own glance client over https.
    assert steps["nova-api image proxy"] == "PASS", steps
    assert steps["nova image client"] == "PASS", steps


def test_without_cafile_nova_fails_closed_and_sends_nothing(
        tls_cloud, tmp_path):
    cloud, status, env = tls_cloud
    run_cli("catalog", "ensure", "--url", _glance_url(status), env=env)
    conf = _pristine_copy(cloud, tmp_path)
    _configure(env, conf, "--api-servers", _glance_url(status))
    with open(conf) as conf_file:
        assert "insecure" not in conf_file.read()
    before = _glance_log_size(cloud)
    done = run_cli("nova-conf", "probe", "--config-file", conf, env=env,
                   check=False)
    assert done.returncode == errors.EXIT_UNAVAILABLE
    assert "CERTIFICATE_VERIFY_FAILED" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    # The client refused glance's certificate during the handshake, before
    # any request: glance logged the alert and no request line.
    with open(cloud.layout.log_file("glance"), "rb") as log:
        log.seek(before)
        logged = log.read().decode(errors="replace")
    assert "unknown ca" in logged.lower(), logged
    assert not re.search(r'"(GET|HEAD|POST|PUT|PATCH|DELETE) ', logged)
    # verify, as a whole, fails closed the same way.
    done = run_cli("-f", "json", "verify", "--nova-conf", conf, env=env,
                   check=False)
    assert done.returncode == errors.EXIT_UNAVAILABLE, done.stderr
    steps = {s["step"]: s for s in json.loads(done.stdout)["steps"]}
    assert steps["nova image client"]["result"] == "FAIL"
    assert "CERTIFICATE_VERIFY_FAILED" in steps["nova image client"][
        "details"]


def test_without_cacert_the_cli_fails_closed(tls_cloud, tmp_path):
    _, status, env = tls_cloud
    with open(status["clouds_yaml"]) as clouds_file:
        clouds = yaml.safe_load(clouds_file)
    del clouds["clouds"][env["OS_CLOUD"]]["cacert"]
    clouds_yaml = tmp_path / "clouds.yaml"
    clouds_yaml.write_text(yaml.safe_dump(clouds))
    done = run_cli("catalog", "show",
                   env={**env, "OS_CLIENT_CONFIG_FILE": str(clouds_yaml)},
                   check=False)
    assert done.returncode == errors.EXIT_UNAVAILABLE
    assert "CERTIFICATE_VERIFY_FAILED" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_insecure_is_written_only_when_asked(tls_cloud, tmp_path):
    cloud, status, env = tls_cloud
    conf = _pristine_copy(cloud, tmp_path)
    _configure(env, conf, "--api-servers", _glance_url(status))
    with open(conf) as conf_file:
        assert "insecure" not in conf_file.read()
    _configure(env, conf, "--api-servers", _glance_url(status),
               "--insecure")
    with open(conf) as conf_file:
        assert "insecure = true" in conf_file.read()


def test_tls_on_an_http_cloud_is_refused(tmp_path):
    # A cloud keeps its scheme: silently serving http to someone who asked
    # for https would be the worst answer.
    http_cloud = layout.Layout(str(tmp_path))
    layout.State.new(TLS_PORTS).save(http_cloud)
    done = run_harness("cloud", "up", "--tls", "--state-dir", str(tmp_path),
                   check=False)
    assert done.returncode == errors.EXIT_BAD_INPUT
    assert "serves http" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert not os.path.exists(http_cloud.tls_dir)
