"""Where the local cloud keeps its state, and what it remembers.

Everything lives under one state directory: a config directory, a data
directory and a log per service, the pid files, ``clouds.yaml`` and
``state.json`` (ports, generated passwords and whether the cloud serves
https, mode 0600); with https, ``tls/`` holds its CA and server
certificate.
"""

import json
import os
import secrets
import tempfile

from nova_glance_v2 import errors

SERVICES = ("keystone", "glance", "nova-api")
DEFAULT_PORTS = {"keystone": 5000, "glance": 9292, "nova-api": 8774}
CLOUD_NAME = "nova-glance-v2-local"
DEFAULT_STATE_DIR = ".nova-glance-v2"
REGION = "RegionOne"


class Layout:
    """Paths under the state directory ``root``."""

    def __init__(self, root):
        self.root = os.path.abspath(root)

    def service_dir(self, service):
        return os.path.join(self.root, service)

    def log_file(self, service):
        return os.path.join(self.root, "log", f"{service}.log")

    def pid_file(self, service):
        return os.path.join(self.root, "run", f"{service}.pid")

    @property
    def tempest_workspace(self):
        """Where the gate runs tempest against this cloud."""
        return os.path.join(self.root, "tempest")

    @property
    def tls_dir(self):
        return os.path.join(self.root, "tls")

    @property
    def clouds_yaml(self):
        return os.path.join(self.root, "clouds.yaml")

    @property
    def state_file(self):
        return os.path.join(self.root, "state.json")

    @property
    def nova_conf(self):
        return os.path.join(self.service_dir("nova-api"), "nova.conf")

    @property
    def glance_conf(self):
        return os.path.join(self.service_dir("glance"), "glance-api.conf")

    @property
    def keystone_conf(self):
        return os.path.join(self.service_dir("keystone"), "keystone.conf")

    def sqlite_url(self, service, name):
        return "sqlite:///" + os.path.join(self.service_dir(service), name)

    def entries(self):
        """Every path directly under ``root`` that the local cloud owns."""
        names = ("log", "run", *SERVICES, "tempest", "tls", "nova-overlay",
                 "clouds.yaml", "state.json")
        return [os.path.join(self.root, name) for name in names]

    def make_dirs(self):
        for sub in ("log", "run", *SERVICES):
            os.makedirs(os.path.join(self.root, sub), exist_ok=True)


class State:
    """Ports, passwords and scheme of one local cloud (``state.json``).

    ``ca_file`` is the CA certificate clients must trust when the cloud
    serves https, else None. ``nova`` is the nova nova-api runs
    (``{kind, path, series_sha256}``, see :mod:`.nova_overlay`).
    """

    def __init__(self, ports, passwords, ca_file=None, nova=None):
        self.ports = ports
        self.passwords = passwords
        self.ca_file = ca_file
        self.nova = nova

    @classmethod
    def new(cls, ports, ca_file=None):
        passwords = {
            user: secrets.token_urlsafe(18)
            for user in ("admin", "glance", "nova")
        }
        return cls(dict(ports), passwords, ca_file)

    @classmethod
    def load(cls, layout):
        """The saved state, or None when the cloud was never set up."""
        try:
            with open(layout.state_file) as state_file:
                data = json.load(state_file)
            return cls(data["ports"], data["passwords"],
                       data.get("ca_file"), data.get("nova"))
        except FileNotFoundError:
            return None
        except (ValueError, KeyError, TypeError) as exc:
            raise errors.BadInput(
                f"{layout.state_file}: not a local cloud's state "
                f"({type(exc).__name__}: {exc}); stop what still runs and "
                f"remove {layout.root}") from None
        except NotADirectoryError:
            raise errors.BadInput(
                f"{layout.root}: not a directory; give --state-dir a "
                "directory (or a path to create)") from None

    def save(self, layout):
        """Write ``state.json`` atomically, mode 0600 (it holds the
        passwords): a crash leaves the old state or the new one."""
        fd, tmp = tempfile.mkstemp(prefix=".state.", suffix=".tmp",
                                   dir=layout.root)
        try:
            with os.fdopen(fd, "w") as state_file:
                json.dump(
                    {"ports": self.ports, "passwords": self.passwords,
                     "ca_file": self.ca_file, "nova": self.nova},
                    state_file, indent=2,
                )
                state_file.flush()
                os.fsync(state_file.fileno())
            os.replace(tmp, layout.state_file)
        except BaseException:
            os.unlink(tmp)
            raise

    def root_url(self, service):
        """``scheme://host:port`` of ``service``."""
        scheme = "https" if self.ca_file else "http"
        return f"{scheme}://127.0.0.1:{self.ports[service]}"

    def url(self, service):
        """The url ``service`` is registered with in the catalog."""
        path = {"keystone": "/v3", "nova-api": "/v2.1"}.get(service, "")
        return self.root_url(service) + path
