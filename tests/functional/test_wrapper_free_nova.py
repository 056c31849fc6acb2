"""The local cloud's nova-api runs the wrapper-free nova: its behaviour.

- It is the default: ``cloud status`` reports the overlay and the series.
- Failover: ``[glance] api_servers`` = a loopback port nothing listens on,
  then the real glance: 20 consecutive nova-api image listings succeed.
- Retries: glance behind a loopback proxy that answers 503 to its first
  two requests. ``[glance] num_retries = 0`` (so the stock nova, which
  ignores keystoneauth's options, would fail) and ``status_code_retries =
  2``: nova-api's show succeeds; with ``status_code_retries = 1`` nova's
  image client raises GlanceConnectionFailed (``nova-conf probe``, which
  runs the same nova in-process, exits 3 saying so).
"""

import configparser
import http.server
import socket
import threading

import pytest
import requests

from tests.functional.conftest import run_cli

pytestmark = pytest.mark.functional

LISTINGS = 20


def _set_glance(nova_conf, **options):
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read(nova_conf)
    if not parser.has_section("glance"):
        parser.add_section("glance")
    for key, value in options.items():
        parser["glance"][key] = str(value)
    with open(nova_conf, "w") as conf:
        parser.write(conf)


def _dead_port():
    """A loopback port with nothing listening on it."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _FlakyGlance(http.server.ThreadingHTTPServer):
    """Answers 503 to its first ``failures`` requests, then proxies GETs."""

    def __init__(self, glance_url, failures):
        self.glance_url = glance_url
        self.failures = failures
        self.seen = 0
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), _ProxyHandler)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}"


class _ProxyHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's naming)
        with self.server.lock:
            self.server.seen += 1
            fail = self.server.seen <= self.server.failures
        if fail:
            self.send_response(503)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        upstream = requests.get(
            self.server.glance_url + self.path, timeout=30,
            headers={k: v for k, v in self.headers.items()
                     if k.lower() in ("x-auth-token", "accept")})
        self.send_response(upstream.status_code)
        for key in ("Content-Type", "X-Openstack-Request-Id"):
            if key in upstream.headers:
                self.send_header(key, upstream.headers[key])
        self.send_header("Content-Length", str(len(upstream.content)))
        self.end_headers()
        self.wfile.write(upstream.content)

    def log_message(self, *args):
        pass


@pytest.fixture
def flaky_glance(glance_url):
    server = _FlakyGlance(glance_url, failures=2)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _nova_get(status, session, path):
    return requests.get(
        status["services"]["nova-api"]["url"] + path,
        headers={"X-Auth-Token": session.get_token()}, timeout=120)


def test_cloud_runs_the_wrapper_free_nova_by_default(local_cloud):
    cloud, _ = local_cloud
    nova = cloud.status()["services"]["nova-api"]["nova"]
    assert nova["kind"] == "wrapper-free"
    assert len(nova["series_sha256"]) == 64
    with open(f"{nova['path']}/nova/image/glance.py") as module:
        assert "class GlanceClientWrapper" not in module.read()


def test_failover_from_a_dead_api_server(local_cloud, nova_conf,
                                         admin_session, glance_url):
    cloud, status = local_cloud
    _set_glance(nova_conf, num_retries=1,
                api_servers=f"http://127.0.0.1:{_dead_port()},{glance_url}")
    cloud.restart("nova-api")
    for attempt in range(LISTINGS):
        response = _nova_get(status, admin_session, "/images")
        assert response.status_code == 200, (attempt, response.text)
        assert "images" in response.json()


def test_status_code_retries_are_honoured(local_cloud, nova_conf,
                                          admin_session, flaky_glance,
                                          glance_url):
    cloud, status = local_cloud
    image = requests.post(
        glance_url + "/v2/images", timeout=30,
        json={"name": "ngv2-retries", "disk_format": "raw",
              "container_format": "bare"},
        headers={"X-Auth-Token": admin_session.get_token()}).json()
    try:
        _set_glance(nova_conf, api_servers=flaky_glance.url, num_retries=0,
                    status_code_retries=2, status_code_retry_delay=0.1)
        cloud.restart("nova-api")
        response = _nova_get(status, admin_session,
                             f"/images/{image['id']}")
        assert response.status_code == 200, response.text
        assert response.json()["image"]["name"] == "ngv2-retries"
        # Two 503s, then the requests that succeeded.
        assert flaky_glance.seen >= 3
    finally:
        requests.delete(f"{glance_url}/v2/images/{image['id']}", timeout=30,
                        headers={"X-Auth-Token": admin_session.get_token()})


def test_exhausted_retries_raise_glance_connection_failed(
        nova_conf, flaky_glance, cloud_env, tmp_path):
    conf = tmp_path / "nova.conf"
    conf.write_text(open(nova_conf).read())
    _set_glance(conf, api_servers=flaky_glance.url, num_retries=5,
                status_code_retries=1, status_code_retry_delay=0.1)
    done = run_cli("nova-conf", "probe", "--config-file", str(conf),
                   env=cloud_env, check=False)
    assert done.returncode == 3, done.stdout + done.stderr
    assert "step create" in done.stderr
    assert "Connection to glance host" in done.stderr
    # One attempt and one retry: status_code_retries won over num_retries.
    assert flaky_glance.seen == 2
