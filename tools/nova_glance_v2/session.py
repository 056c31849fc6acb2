"""Keystone sessions from clouds.yaml, and one place that turns transport
and authentication failures into the CLI's exit code 3.

Clouds are looked up with openstacksdk's config loader, so ``--os-cloud``,
``OS_CLOUD``, ``OS_CLIENT_CONFIG_FILE`` and the usual clouds.yaml locations
behave as they do for the ``openstack`` client. TLS verification follows
clouds.yaml (``verify``/``cacert``): it is on unless the user turned it off.
"""

import contextlib
import logging

from keystoneauth1 import exceptions as ks_exc
from openstack import config as os_config
from openstack import exceptions as os_exc

from nova_glance_v2 import errors

DEFAULT_REGION = "RegionOne"


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
    return _authenticated(cloud_region(cloud_name, config_file))


def connect(cloud_name, region=None, config_file=None):
    """``(session, region)`` for a command that needs a cloud.

    The region is ``region`` if given, else the cloud's, else RegionOne.
    """
    if not cloud_name:
        raise errors.BadInput("no cloud given: use --os-cloud or OS_CLOUD")
    config = cloud_region(cloud_name, config_file)
    return (_authenticated(config),
            region or config.get_region_name() or DEFAULT_REGION)


def _authenticated(config):
    session = config.get_session()
    with service_errors("keystone"), quiet_keystoneauth():
        session.get_token()
    return session


@contextlib.contextmanager
def quiet_keystoneauth():
    """keystoneauth logs a warning before raising when Keystone cannot
    be reached; the error we raise says it in one line already."""
    logger = logging.getLogger("keystoneauth")
    if logger.isEnabledFor(logging.DEBUG):
        yield
        return
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


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
