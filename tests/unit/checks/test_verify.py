"""Tests for nova_glance_v2.checks.verify: every step failure is a row.

A loopback HTTP server plays a glance whose upload (and delete) answer
500: the run must still print its step table, name the failing step,
exit 1, and report the upload's error, not the cleanup's.
"""

import http.server
import json
import threading

import pytest
from keystoneauth1 import session as ks_session
from keystoneauth1 import token_endpoint

from nova_glance_v2 import errors
from nova_glance_v2 import output
from nova_glance_v2.checks import steps
from nova_glance_v2.checks import verify

IMAGE_ID = "8a1e6d1c-5d0e-4b79-9a5c-3f5e2c1b0a77"
SCHEMA = {
    "name": "image", "additionalProperties": {"type": "string"},
    "properties": {
        "id": {"type": "string"}, "name": {"type": ["null", "string"]},
        "status": {"type": "string"},
        "disk_format": {"type": ["null", "string"]},
        "container_format": {"type": ["null", "string"]},
    },
}


class _BrokenGlance(http.server.BaseHTTPRequestHandler):
    """Creates images; every upload and delete fails with a 500."""

    seen = []

    def _answer(self, status, body=None):
        data = json.dumps(body).encode() if body is not None else b""
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _record(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        elif self.headers.get("Transfer-Encoding") == "chunked":
            while True:
                size = int(self.rfile.readline().strip(), 16)
                self.rfile.read(size + 2)
                if not size:
                    break
        self.seen.append((self.command, self.path))

    def do_GET(self):  # noqa: N802 - http.server's naming
        self._record()
        if self.path.endswith("/schemas/image"):
            return self._answer(200, SCHEMA)
        return self._answer(404, {})

    def do_POST(self):  # noqa: N802
        self._record()
        self._answer(201, {"id": IMAGE_ID, "name": "x", "status": "queued",
                           "disk_format": "raw", "container_format": "bare"})

    def do_PUT(self):  # noqa: N802
        self._record()
        self._answer(500, {"error": {"message": "upload broke", "code": 500}})

    def do_DELETE(self):  # noqa: N802
        self._record()
        self._answer(500, {"error": {"message": "delete broke too",
                                     "code": 500}})

    def log_message(self, *args):
        pass


@pytest.fixture
def broken_glance():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _BrokenGlance)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _BrokenGlance.seen = []
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_5xx_on_upload_is_a_failed_step_in_the_table(broken_glance):
    session = ks_session.Session(
        auth=token_endpoint.Token(broken_glance, "a-token"))
    verification = verify.Verification(session, "RegionOne", ("public",),
                                       None, 1)
    by_name = dict(verification.steps())
    result = steps.run([(name, by_name[name]) for name in (
        "glance v2 round trip", "nova image client",
        "nova-api image proxy")])
    assert result.exit_code == errors.EXIT_CHECK_FAILED
    rows = {row["step"]: row for row in result.data["steps"]}
    failed = rows["glance v2 round trip"]
    assert failed["result"] == steps.FAIL
    # The upload's error, not the failed cleanup's.
    assert "500" in failed["details"] and "upload broke" in failed[
        "details"]
    assert ("DELETE", f"/v2/images/{IMAGE_ID}") in _BrokenGlance.seen
    assert rows["nova image client"]["result"] == steps.NOT_RUN
    table = output.render(result.data)
    assert "glance v2 round trip" in table and "FAIL" in table


def test_a_step_not_run_is_skip_never_pass(broken_glance):
    session = ks_session.Session(
        auth=token_endpoint.Token(broken_glance, "a-token"))
    verification = verify.Verification(session, "RegionOne", ("public",),
                                       None, 1)
    result = steps.run([("nova image client",
                         verification.step_nova_image_client)])
    (row,) = result.data["steps"]
    assert row["result"] == steps.SKIP
    assert "no --nova-conf" in row["details"]
    assert result.exit_code == errors.EXIT_OK
