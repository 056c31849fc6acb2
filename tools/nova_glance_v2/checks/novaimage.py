"""Drive nova's own image client, in-process, with a given nova.conf.

nova-api answering ``GET /v2.1/images`` proves little about the paths a
compute host takes: listing, showing, downloading an image to a file with
the hash checked, and uploading a snapshot from an open file. This module
loads a nova.conf exactly as a nova service would and runs those calls
through ``nova.image.glance.API`` with a request context carrying a real
token and service catalog, as keystonemiddleware hands them to nova.

nova keeps its configuration in a process-wide object, so one process can
probe one nova.conf: the CLI runs a probe per process. nova and
keystonemiddleware are imported when a probe runs, so the rest of the CLI
works where only the clients are installed.
"""

import hashlib
import os
import tempfile
import time

from nova_glance_v2 import errors
from nova_glance_v2.checks import imagecheck

PROBE_IMAGE_NAME = "nova-glance-v2-nova-probe"


def load_nova_config(nova_conf):
    """Parse ``nova_conf`` into nova's global CONF, as nova services do.

    nova comes from ``$NOVA_GLANCE_V2_NOVA_PATH`` when that is set (see
    :mod:`nova_glance_v2.novapatch.runtime`), so that the probe runs the
    nova the cloud runs, e.g. the local cloud's wrapper-free overlay.
    """
    from nova_glance_v2.novapatch import runtime

    runtime.use_nova_from_environment()
    from nova import config as nova_config

    if not os.path.isfile(nova_conf):
        raise errors.BadInput(f"{nova_conf}: no such nova config file")
    nova_config.parse_args(
        ["nova-glance-v2", "--config-file", nova_conf],
        configure_db=False, init_rpc=False,
    )


def request_context(session):
    """A nova RequestContext for the session's user, token and catalog."""
    from nova import context as nova_context

    from nova_glance_v2 import private_api

    access = session.auth.get_access(session)
    # nova receives the catalog in the v2 layout keystonemiddleware's
    # X-Service-Catalog header carries; convert it the same way.
    catalog = private_api.normalize_catalog(access.service_catalog.catalog)
    return nova_context.RequestContext(
        user_id=access.user_id, project_id=access.project_id,
        auth_token=access.auth_token, service_catalog=catalog,
        roles=access.role_names,
    )


def probe(nova_conf, session, size):
    """Run nova's image paths against glance; return each step's result.

    Raises CheckFailed naming the step that failed. Whatever the probe
    created is deleted again, also on failure.
    """
    from keystoneauth1 import exceptions as ks_exc

    from nova_glance_v2.novapatch import runtime

    runtime.use_nova_from_environment()
    from nova import exception as nova_exc
    from nova.image import glance as nova_glance

    load_nova_config(nova_conf)
    context = request_context(session)
    api = nova_glance.API()
    data = os.urandom(size)
    expected = hashlib.sha256(data).hexdigest()
    steps = {}

    def timed(step, call):
        began = time.monotonic()
        try:
            result = call()
        except (nova_exc.GlanceConnectionFailed,
                ks_exc.ConnectionError) as exc:
            # keystoneauth's own errors (a certificate not trusted, say)
            # reach us unwrapped when nova does not retry them.
            raise errors.Unavailable(
                f"nova image probe, step {step}: {exc}") from None
        except Exception as exc:
            raise errors.CheckFailed(
                f"nova image probe, step {step}: "
                f"{type(exc).__name__}: {exc}") from None
        steps[step] = round(time.monotonic() - began, 3)
        return result

    with tempfile.TemporaryDirectory(prefix="ngv2-probe-") as workdir:
        image = timed("create", lambda: api.create(context, {
            "name": PROBE_IMAGE_NAME, "disk_format": "raw",
            "container_format": "bare"}))
        image_id = image["id"]
        # A failing delete must not hide why an earlier step failed.
        with imagecheck.cleanup(
                lambda: timed("delete", lambda: api.delete(context,
                                                           image_id))):
            upload = os.path.join(workdir, "snapshot")
            with open(upload, "wb") as snapshot:
                snapshot.write(data)
            # nova's snapshot: update() with an open file, which
            # glanceclient streams chunked.
            with open(upload, "rb") as snapshot:
                timed("snapshot upload", lambda: api.update(
                    context, image_id, {}, data=snapshot))
            listed = timed("list", lambda: api.get_all(context))
            if image_id not in [i["id"] for i in listed]:
                raise errors.CheckFailed(
                    f"nova image probe, step list: image {image_id} missing")
            shown = timed("show", lambda: api.get(context, image_id))
            if shown["status"] != "active":
                raise errors.CheckFailed(
                    f"nova image probe, step show: status "
                    f"{shown['status']}, expected active")
            target = os.path.join(workdir, "download")
            timed("download", lambda: api.download(
                context, image_id, dest_path=target))
            with open(target, "rb") as downloaded:
                digest = hashlib.file_digest(downloaded, "sha256")
            if digest.hexdigest() != expected:
                raise errors.CheckFailed(
                    f"nova image probe, step download: sha256 "
                    f"{digest.hexdigest()} != uploaded {expected}")
    return {"image_id": image_id, "bytes": size, "sha256": expected,
            "seconds": steps, "nova": which_nova(nova_glance)}


def which_nova(image_client):
    """The nova that ran in this process (``image_client`` is its
    ``nova.image.glance``): where it is, its version, and whether its
    image client still has nova's glance wrapper."""
    from nova import version

    return {
        "path": os.path.dirname(os.path.dirname(image_client.__file__)),
        "version": version.version_string(),
        "image_client": ("stock (GlanceClientWrapper)"
                         if hasattr(image_client, "GlanceClientWrapper")
                         else "wrapper-free"),
    }
