"""checks/imagecheck.py: python-glanceclient v2's round trip against a
Glance that keeps images in a dict behind requests_mock."""

import hashlib
import re

import pytest
import requests
from keystoneauth1 import session as ks_session
from keystoneauth1 import token_endpoint

from nova_glance_v2 import errors
from nova_glance_v2.checks import imagecheck
from tests.unit.checks.test_verify import SCHEMA

GLANCE = "http://glance.test/image"
IMAGE_ID = "5f0c1b7e-0000-4000-8000-000000000001"
IMAGE = re.compile(re.escape(f"{GLANCE}/v2/images/{IMAGE_ID}") + "$")
FILE = re.compile(re.escape(f"{GLANCE}/v2/images/{IMAGE_ID}/file") + "$")


class Glance:
    """Images as Glance's API v2 shows them; ``tamper`` alters the bytes
    a download returns."""

    def __init__(self, mock, tamper=None):
        self.data = None
        self.deleted = False
        self.tamper = tamper
        body = {"id": IMAGE_ID, "name": imagecheck.IMAGE_NAME,
                "status": "queued", "disk_format": "raw",
                "container_format": "bare"}
        mock.get(f"{GLANCE}/v2/schemas/image", json=SCHEMA)
        mock.post(f"{GLANCE}/v2/images", status_code=201, json=body)
        mock.get(IMAGE, json=body)
        mock.put(FILE, status_code=204, text=self._upload)
        mock.get(FILE, content=self._download, headers={
            "Content-Type": "application/octet-stream"})
        mock.delete(IMAGE, status_code=204, text=self._delete)

    def _upload(self, request, _context):
        body = request.body
        self.data = body if isinstance(body, bytes) else b"".join(body)
        return ""

    def _download(self, _request, _context):
        return self.tamper(self.data) if self.tamper else self.data

    def _delete(self, _request, _context):
        self.deleted = True
        return ""


def _client():
    session = ks_session.Session(auth=token_endpoint.Token(GLANCE, "tok"))
    return imagecheck.glance_v2(session, endpoint=GLANCE)


@pytest.mark.parametrize("chunked", [False, True])
def test_round_trip_uploads_reads_back_and_deletes(requests_mock, chunked):
    glance = Glance(requests_mock)
    found = imagecheck.round_trip(_client(), 4096, chunked=chunked)
    assert found["sha256"] == hashlib.sha256(glance.data).hexdigest()
    assert (found["image_id"], found["bytes"], found["chunked"]) == (
        IMAGE_ID, 4096, chunked)
    assert glance.deleted
    [upload] = [r for r in requests_mock.request_history
                if r.method == "PUT"]
    # Chunked either way; only a sized upload announces its size.
    assert upload.headers["Transfer-Encoding"] == "chunked"
    assert upload.headers.get("x-openstack-image-size") == (
        None if chunked else "4096")


def test_other_bytes_back_fail_the_check_and_the_image_goes(requests_mock):
    glance = Glance(requests_mock, tamper=lambda data: data[::-1])
    with pytest.raises(errors.CheckFailed, match="different bytes"):
        imagecheck.round_trip(_client(), 64)
    assert glance.deleted


def test_an_upload_error_is_a_failed_check_and_the_image_goes(
        requests_mock):
    glance = Glance(requests_mock)
    requests_mock.put(FILE, status_code=500, json={"error": {
        "code": 500, "message": "store broke"}},
        headers={"Content-Type": "application/json"})
    with pytest.raises(errors.CheckFailed, match="glance answered 500"):
        imagecheck.round_trip(_client(), 64)
    assert glance.deleted


def test_unreachable_glance_is_unavailable(requests_mock):
    requests_mock.get(f"{GLANCE}/v2/schemas/image",
                      exc=requests.exceptions.ConnectionError("refused"))
    requests_mock.post(f"{GLANCE}/v2/images",
                       exc=requests.exceptions.ConnectionError("refused"))
    with pytest.raises(errors.Unavailable, match="glance: unreachable"):
        imagecheck.round_trip(_client(), 64)


def test_cleanup_runs_always_and_the_first_error_wins():
    undone = []

    def undo():
        undone.append(True)
        raise RuntimeError("cleanup broke")

    with pytest.raises(ValueError, match="the real failure"):
        with imagecheck.cleanup(undo):
            raise ValueError("the real failure")
    assert undone == [True]
    with pytest.raises(RuntimeError, match="cleanup broke"):
        with imagecheck.cleanup(undo):
            pass
