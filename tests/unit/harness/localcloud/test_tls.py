"""localcloud/tls.py: the CA and server certificate it makes pass a real
TLS handshake with verification on (Python's ssl, in memory, no port)."""

import os
import ssl
import stat

import pytest

from nova_glance_v2_harness.localcloud import tls


def _handshake(files, server_hostname, cafile=None):
    """Run client and server handshakes over memory buffers."""
    server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_ctx.load_cert_chain(files.server_cert, files.server_key)
    client_ctx = ssl.create_default_context(cafile=cafile or files.ca_cert)
    to_server, to_client = ssl.MemoryBIO(), ssl.MemoryBIO()
    client = client_ctx.wrap_bio(to_client, to_server,
                                 server_hostname=server_hostname)
    server_in, server_out = to_server, to_client
    server = server_ctx.wrap_bio(server_in, server_out, server_side=True)
    done = {client: False, server: False}
    for _ in range(10):
        for end in (client, server):
            if not done[end]:
                try:
                    end.do_handshake()
                    done[end] = True
                except ssl.SSLWantReadError:
                    pass
        if all(done.values()):
            return client.version()
    raise AssertionError("handshake did not finish")


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    return tls.create(str(tmp_path_factory.mktemp("tls") / "tls"))


@pytest.mark.parametrize("name", ["127.0.0.1", "localhost"])
def test_a_client_trusting_the_ca_verifies_the_server(files, name):
    assert _handshake(files, name).startswith("TLS")


def test_another_name_is_refused(files):
    with pytest.raises(ssl.SSLCertVerificationError):
        _handshake(files, "glance.test")


def test_another_ca_is_refused(files, tmp_path):
    other = tls.create(str(tmp_path / "other"))
    with pytest.raises(ssl.SSLCertVerificationError):
        _handshake(files, "127.0.0.1", cafile=other.ca_cert)


def test_modes_and_no_ca_key(files):
    def mode(path):
        return stat.S_IMODE(os.stat(path).st_mode)

    assert mode(files.directory) == 0o700
    assert mode(files.server_key) == 0o600
    assert mode(files.ca_cert) == mode(files.server_cert) == 0o644
    assert sorted(os.listdir(files.directory)) == [
        "ca.pem", "server-key.pem", "server.pem"]


def test_never_overwrites(files):
    with pytest.raises(FileExistsError):
        tls.create(files.directory)
