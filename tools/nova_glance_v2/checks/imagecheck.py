"""An image round trip through python-glanceclient v2.

Create, upload, download, compare sha256, delete: the smallest proof that
an endpoint really serves the Image API v2. The image is deleted again
whatever happens.
"""

import contextlib
import hashlib
import io
import logging
import os
import time

from glanceclient import client as glance_client
from glanceclient import exc as glance_exc

from nova_glance_v2 import errors

LOG = logging.getLogger(__name__)

IMAGE_NAME = "nova-glance-v2-check"


def glance_v2(session, endpoint=None, **where):
    """A glanceclient v2 client; the catalog is used unless ``endpoint``.

    ``where`` (``interface``, ``region_name``) picks the catalog entry.
    """
    return glance_client.Client("2", session=session,
                                endpoint_override=endpoint, **where)


def round_trip(glance, size, chunked=False):
    """Upload ``size`` random bytes, read them back, compare, delete.

    Returns what was measured; raises CheckFailed on a mismatch and
    Unavailable when glance cannot be reached.
    """
    data = os.urandom(size)
    expected = hashlib.sha256(data).hexdigest()
    timings = {}
    with glance_errors():
        began = time.monotonic()
        image = glance.images.create(
            name=IMAGE_NAME, disk_format="raw", container_format="bare")
        with cleanup(lambda: glance.images.delete(image.id)):
            # glanceclient streams every file object chunked; without
            # a size it cannot announce one either, which is how nova
            # uploads snapshots.
            glance.images.upload(image.id, io.BytesIO(data),
                                 image_size=None if chunked else size)
            timings["upload"] = round(time.monotonic() - began, 3)
            began = time.monotonic()
            digest = hashlib.sha256()
            for chunk in glance.images.data(image.id):
                digest.update(chunk)
            timings["download"] = round(time.monotonic() - began, 3)
    if digest.hexdigest() != expected:
        raise errors.CheckFailed(
            f"glance returned different bytes for image {image.id}: sha256 "
            f"{digest.hexdigest()} != {expected}"
        )
    return {"image_id": image.id, "bytes": size, "chunked": chunked,
            "sha256": expected, "seconds": timings}


@contextlib.contextmanager
def glance_errors():
    """glanceclient's failures as this project's: unreachable is exit 3,
    any other HTTP error (a 5xx on upload...) a failed check."""
    try:
        yield
    except glance_exc.CommunicationError as exc:
        raise errors.Unavailable(f"glance: unreachable ({exc})") from None
    except glance_exc.HTTPException as exc:
        raise errors.CheckFailed(
            f"glance answered {getattr(exc, 'code', '?')}: {exc}") from None


@contextlib.contextmanager
def cleanup(undo):
    """Run the block, then ``undo()``, also when the block fails.

    When both fail, the block's error is the one raised: a failing
    cleanup must not hide why the check failed.
    """
    try:
        yield
    except BaseException:
        try:
            undo()
        except Exception:  # noqa: BLE001 - the first error matters
            LOG.warning("cleanup after a failure failed too",
                        exc_info=True)
        raise
    undo()
