"""Download images through nova's own image client; print their hashes.

``python -m nova_glance_v2_harness.gate.nova_download NOVA_CONF DIR
ID...``, run by the gate in a process of its own (nova keeps its configuration
process-wide) with the cloud of ``OS_CLOUD`` (and
``OS_CLIENT_CONFIG_FILE``): nova's
``nova.image.glance.API().download`` writes each image to DIR, as a
compute host does before booting it; glanceclient checks the hash glance
recorded on the way. Prints ``{id: {"sha256", "md5", "bytes"}}`` or
``{id: {"error"}}`` as JSON; the files are removed again.
"""

import hashlib
import json
import os
import sys

from openstack import config as os_config

from nova_glance_v2.checks import novaimage


def download(nova_conf, target, image_ids):
    # First: it puts $NOVA_GLANCE_V2_NOVA_PATH's nova (the cloud's) first
    # on the path, which must happen before nova is imported.
    novaimage.load_nova_config(nova_conf)
    from nova.image import glance as nova_glance

    config = os_config.OpenStackConfig().get_one(cloud=os.environ["OS_CLOUD"])
    context = novaimage.request_context(config.get_session())
    api = nova_glance.API()
    found = {}
    for image_id in image_ids:
        path = os.path.join(target, image_id)
        try:
            api.download(context, image_id, dest_path=path)
            with open(path, "rb") as stream:
                data = stream.read()
            found[image_id] = {
                "sha256": hashlib.sha256(data).hexdigest(),
                "md5": hashlib.md5(data, usedforsecurity=False).hexdigest(),
                "bytes": len(data)}
        except Exception as exc:  # noqa: BLE001 - reported per image
            found[image_id] = {"error": f"{type(exc).__name__}: {exc}"}
        finally:
            if os.path.exists(path):
                os.unlink(path)
    return found


if __name__ == "__main__":
    print(json.dumps(download(sys.argv[1], sys.argv[2], sys.argv[3:])))
