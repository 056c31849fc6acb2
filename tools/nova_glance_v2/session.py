"""Keystone sessions from clouds.yaml, and one place that turns transport
and authentication failures into the CLI's exit code 3.

Clouds are looked up with openstacksdk's config loader, so ``--os-cloud``,
``OS_CLOUD``, ``OS_CLIENT_CONFIG_FILE`` and the usual clouds.yaml locations
behave as they do for the ``openstack`` client. TLS verification follows
clouds.yaml (``verify``/``cacert``): it is on unless the user turned it off.
"""

import contextlib

from keystoneauth1 import exceptions as ks_exc
from openstack import config as os_config
from openstack import exceptions as os_exc

from nova_glance_v2 import errors


def cloud_region(cloud_name, config_file=None):
    """Return openstacksdk's CloudRegion for ``cloud_name``.

    ``config_file`` names a clouds.yaml to read besides the usual ones.
    """
    files = [config_file] if config_file else None
    try:
        config = os_config.OpenStackConfig(config_files=files)
        return config.get_one(cloud=cloud_name)
    except os_exc.ConfigException as exc:
        raise errors.BadInput(f"cloud {cloud_name!r}: {exc}") from None


def get_session(cloud_name, config_file=None):
    """Return an authenticated keystoneauth session for ``cloud_name``."""
    session = cloud_region(cloud_name, config_file).get_session()
    with service_errors("keystone"):
        session.get_token()
    return session


@contextlib.contextmanager
def service_errors(service):
    """Map keystoneauth failures talking to ``service`` onto our errors."""
    try:
        yield
    except ks_exc.Unauthorized as exc:
        raise errors.Unavailable(
            f"{service}: authentication failed ({_first_line(exc)})"
        ) from None
    except ks_exc.Forbidden as exc:
        raise errors.Unavailable(
            f"{service}: the credentials lack the rights needed "
            f"({_first_line(exc)})"
        ) from None
    except (ks_exc.ConnectionError, ks_exc.DiscoveryFailure) as exc:
        raise errors.Unavailable(
            f"{service}: unreachable ({_first_line(exc)})"
        ) from None
    except ks_exc.MissingAuthPlugin as exc:
        raise errors.BadInput(f"{service}: {_first_line(exc)}") from None


def _first_line(exc):
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]
