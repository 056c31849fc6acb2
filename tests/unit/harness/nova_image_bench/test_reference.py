"""nova_image_bench/reference.py: each reference does its work and
leaves nothing behind (the seconds are the bench's business)."""

import os

from keystoneauth1 import session as ks_session

from nova_glance_v2_harness.nova_image_bench import reference

GLANCE = "http://glance.test/image"


def test_every_reference_runs_and_cleans_up(tmp_path, requests_mock):
    store = tmp_path / "store-file"
    store.write_bytes(os.urandom(1024 * 1024 + 5))
    snapshot = tmp_path / "snapshot"
    snapshot.write_bytes(b"x" * 1000)
    workdir = tmp_path / "work"
    workdir.mkdir()
    served = []

    def image_file(_request, _context):
        served.append(True)
        return store.read_bytes()

    requests_mock.get(f"{GLANCE}/v2/images/big/file", content=image_file)
    seconds = reference.measure(str(store), str(snapshot), str(workdir),
                                ks_session.Session(), GLANCE, "big")
    assert list(seconds) == ["cp download", "cp upload",
                             "copy in Python, fsync", "sha512 of the image",
                             "glance serving, discarded"]
    assert all(value >= 0 for value in seconds.values())
    assert os.listdir(workdir) == []
    assert served == [True]
