"""The one place that reads clouds.yaml and builds a keystoneauth session,
and the one place that turns transport and authentication failures into
the CLI's exit code 3.

Clouds are looked up with openstacksdk's config loader, so ``--os-cloud``,
``OS_CLOUD``, ``OS_CLIENT_CONFIG_FILE`` and the usual clouds.yaml locations
behave as they do for the ``openstack`` client, with one difference: no
cloud, or a cloud clouds.yaml does not define, is bad input (exit 2)
naming the files searched, never a fall back to another cloud or to
``OS_*`` variables. Nothing is contacted before that check. TLS
verification follows clouds.yaml (``verify``/``cacert``): it is on unless
the user turned it off.
"""

import contextlib
import dataclasses
import logging
import os

import yaml
from keystoneauth1 import exceptions as ks_exc
from openstack import config as os_config
from openstack import exceptions as os_exc
from openstack.config import loader as os_loader

from nova_glance_v2 import errors

DEFAULT_REGION = "RegionOne"


@dataclasses.dataclass
class Connection:
    """An authenticated session on a cloud, its region and its config.

    ``config`` is openstacksdk's CloudRegion (auth values, interface,
    TLS settings) for the commands that need more than the session.
    """

    session: object
    region: str
    config: object


def connect(cloud_name, region=None):
    """Authenticate to ``cloud_name``; return a :class:`Connection`.

    The region is ``region`` if given, else the cloud's, else
    :data:`DEFAULT_REGION`.
    """
    config = _cloud_config(cloud_name)
    return Connection(_authenticated(config),
                      region or config.get_region_name() or DEFAULT_REGION,
                      config)


def searched_files():
    """The clouds.yaml files openstacksdk reads, in its order."""
    override = os.environ.get("OS_CLIENT_CONFIG_FILE")
    return ([override] if override else []) + list(os_loader.CONFIG_FILES)


def _check_syntax(files):
    """BadInput naming the file, line and column of the first clouds.yaml
    that is not YAML (openstacksdk would skip it without a word)."""
    for path in dict.fromkeys(files):
        try:
            with open(path, "rb") as clouds_file:
                yaml.safe_load(clouds_file)
        except OSError:
            continue  # not there: openstacksdk skips it, so do we
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = (f"line {mark.line + 1}, column {mark.column + 1}: "
                     if mark else "")
            # Only the problem, never the snippet of the file (a password
            # could be on that line).
            problem = (getattr(exc, "problem", None)
                       or str(exc).splitlines()[0])
            raise errors.BadInput(
                f"{path}: not valid YAML: {where}{problem}") from None


def _cloud_config(cloud_name):
    _check_syntax(searched_files())
    searched = ", ".join(searched_files())
    if not cloud_name:
        raise errors.BadInput(
            "no cloud given: use --os-cloud or OS_CLOUD (clouds.yaml "
            f"searched: {searched})")
    try:
        loader = os_config.OpenStackConfig()
        names = [name for name in loader.get_cloud_names()
                 if name != "envvars"]
        if cloud_name not in names:
            raise errors.BadInput(
                f"cloud {cloud_name!r} is not in clouds.yaml (searched: "
                f"{searched}; clouds found: {', '.join(names) or 'none'})")
        return loader.get_one(cloud=cloud_name)
    except os_exc.ConfigException as exc:
        raise errors.BadInput(f"cloud {cloud_name!r}: {exc}") from None
    except (AttributeError, TypeError, ValueError) as exc:
        # openstacksdk's loader trips over a clouds.yaml of the wrong
        # shape (clouds: a string, a list...) instead of reporting it.
        raise errors.BadInput(
            f"cloud {cloud_name!r}: a clouds.yaml in {searched} is not a "
            f"mapping of clouds ({type(exc).__name__})") from None


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
