"""Images uploaded before the upgrade, and proof they survived it.

Before the upgrade (the catalog is v1-era then, so straight to glance's
url) the gate uploads a few images of different sizes and records their
sha256 and md5. After the upgrade and tempest, each must still be listed
by nova-api's image proxy and download through nova's own image client
(:mod:`.nova_download`, the nova nova-api runs) with the same checksums.
"""

import hashlib
import json
import os
import sys

from openstack import config as os_config

from nova_glance_v2 import errors
from nova_glance_v2_harness.localcloud import layout

SIZES = (1024, 1024 * 1024, 3 * 1024 * 1024 + 7)
NAME = "nova-glance-v2-pre-upgrade-{}"


def _session(gate):
    """An admin session on the local cloud, from its own clouds.yaml."""
    config = os_config.OpenStackConfig(
        config_files=[gate.status["clouds_yaml"]])
    return config.get_one(cloud=layout.CLOUD_NAME).get_session()


def upload(gate):
    """Upload the images through glance; record them in the gate."""
    session = _session(gate)
    glance = gate.glance_url
    found = []
    for number, size in enumerate(SIZES, 1):
        data = os.urandom(size)
        image = session.post(f"{glance}/v2/images", json={
            "name": NAME.format(number), "disk_format": "raw",
            "container_format": "bare", "visibility": "public"}).json()
        session.put(f"{glance}/v2/images/{image['id']}/file", data=data,
                    headers={"Content-Type": "application/octet-stream"})
        shown = session.get(f"{glance}/v2/images/{image['id']}").json()
        md5 = hashlib.md5(data, usedforsecurity=False).hexdigest()
        if shown["status"] != "active" or shown["checksum"] != md5:
            raise errors.CheckFailed(
                f"image {image['id']}: glance says status "
                f"{shown['status']}, checksum {shown['checksum']}; "
                f"uploaded md5 {md5}")
        found.append({"id": image["id"], "name": shown["name"],
                      "bytes": size, "md5": md5,
                      "sha256": hashlib.sha256(data).hexdigest()})
    gate.found["images"] = found
    return {"images": [f"{i['name']} {i['id']} {i['bytes']} B"
                       for i in found]}


def check(gate):
    """Every pre-upgrade image listed by nova-api and downloaded through
    nova's image client with the checksums recorded at upload."""
    images = gate.found.get("images") or []
    compute = gate.status["services"]["nova-api"]["url"]
    listing = _session(gate).get(f"{compute}/images/detail",
                                 raise_exc=False)
    if listing.status_code != 200:
        raise errors.CheckFailed(f"nova-api GET /images/detail answered "
                                 f"{listing.status_code}")
    listed = {i["id"]: i for i in listing.json()["images"]}
    problems = [f"{i['name']} ({i['id']}): not listed by nova-api"
                for i in images if i["id"] not in listed]
    problems += [f"{i['name']} ({i['id']}): nova-api says status "
                 f"{listed[i['id']]['status']}" for i in images
                 if i["id"] in listed
                 and listed[i["id"]]["status"] != "ACTIVE"]
    downloads = _download(gate, [i["id"] for i in images])
    for image in images:
        got = downloads.get(image["id"], {})
        if "error" in got:
            problems.append(f"{image['name']} ({image['id']}): nova's image "
                            f"client: {got['error']}")
        elif (got.get("sha256"), got.get("md5")) != (image["sha256"],
                                                     image["md5"]):
            problems.append(f"{image['name']} ({image['id']}): downloaded "
                            f"sha256 {got.get('sha256')} != uploaded "
                            f"{image['sha256']}")
    gate.found["images_intact"] = not problems
    if problems:
        raise errors.CheckFailed("pre-upgrade images: " + "; ".join(problems))
    return {"intact": [f"{i['name']} sha256 {i['sha256'][:16]}..."
                       for i in images]}


def _download(gate, image_ids):
    target = gate.path("downloads")
    os.makedirs(target, exist_ok=True)
    _, stdout = gate.run(
        [sys.executable, "-m", "nova_glance_v2_harness.gate.nova_download",
         gate.nova_conf, target, *image_ids])
    return json.loads(stdout)
