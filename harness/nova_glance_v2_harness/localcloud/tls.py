"""A private certificate authority for the local cloud's https mode.

``cloud up --tls`` serves keystone, glance and nova-api over https with a
server certificate for ``127.0.0.1`` and ``localhost`` signed by a CA made
here, on first ``up``, under the state directory. Clients trust the CA
file (clouds.yaml's ``cacert``, nova's ``[glance] cafile``), never the
system store and never ``insecure``: the point is to prove the tools work
with verification on, as every real cloud runs.
"""

import datetime
import ipaddress
import os

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID
from cryptography.x509.oid import NameOID

# Long enough for any test run, short enough not to outlive its purpose.
VALIDITY = datetime.timedelta(days=30)
# Clock skew between the moment of signing and the first handshake.
BACKDATE = datetime.timedelta(minutes=5)
SERVER_NAMES = ("localhost",)
SERVER_ADDRESSES = ("127.0.0.1",)


class Files:
    """The CA certificate, the server certificate and its key."""

    def __init__(self, directory):
        self.directory = directory
        self.ca_cert = os.path.join(directory, "ca.pem")
        self.server_cert = os.path.join(directory, "server.pem")
        self.server_key = os.path.join(directory, "server-key.pem")


def _name(common_name):
    return x509.Name([
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "nova-glance-v2"),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
    ])


def _write(path, data, mode):
    """Create ``path`` with ``mode`` from the start: a key is never
    readable by others, not even for a moment."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with os.fdopen(fd, "wb") as out:
        out.write(data)


def _key_bytes(key):
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _cert_bytes(cert):
    return cert.public_bytes(serialization.Encoding.PEM)


def _builder(subject, issuer, public_key, now):
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - BACKDATE)
        .not_valid_after(now + VALIDITY)
    )


def create(directory):
    """Write a new CA and a server certificate under ``directory``.

    Returns the :class:`Files`. The server key is mode 0600, the
    certificates 0644. The CA's key is never written: nothing needs to sign
    again, so nobody can.
    """
    os.makedirs(directory, mode=0o700, exist_ok=True)
    files = Files(directory)
    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _name("nova-glance-v2 local cloud CA")
    ca_cert = (
        _builder(ca_name, ca_name, ca_key.public_key(), now)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0),
                       critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=False, content_commitment=False,
            key_encipherment=False, data_encipherment=False,
            key_agreement=False, key_cert_sign=True, crl_sign=True,
            encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(
            ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    server_key = ec.generate_private_key(ec.SECP256R1())
    alt_names = [x509.DNSName(n) for n in SERVER_NAMES] + [
        x509.IPAddress(ipaddress.ip_address(a)) for a in SERVER_ADDRESSES]
    server_cert = (
        _builder(_name(SERVER_ADDRESSES[0]), ca_name,
                 server_key.public_key(), now)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None),
                       critical=True)
        .add_extension(x509.SubjectAlternativeName(alt_names),
                       critical=False)
        .add_extension(x509.ExtendedKeyUsage(
            [ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
            ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    _write(files.server_key, _key_bytes(server_key), 0o600)
    _write(files.ca_cert, _cert_bytes(ca_cert), 0o644)
    _write(files.server_cert, _cert_bytes(server_cert), 0o644)
    return files
