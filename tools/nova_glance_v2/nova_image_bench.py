"""``nova-glance-v2 bench nova-image``: stock nova vs the wrapper-free nova.

One run on one local cloud: the same operations through nova's own image
client (``nova.image.glance.API``, in-process, as a compute host uses it),
once with the venv's stock nova and once with the wrapper-free overlay:

- ``show``: 10 shows of one image in one request context;
- ``list``: one listing of (at least) 100 images;
- ``download``: a 1 GiB image to a file;
- ``upload``: a snapshot-style chunked upload of 256 MiB from a file.

For each: the requests glance served (counted in glance's access log),
seconds and MiB/s; ``cp`` of the same data (the store file for download,
the snapshot file for upload) is the physical reference. One process can
import one nova, so each nova runs the operations in a worker process
(``python -m nova_glance_v2.nova_image_bench``).
"""

import configparser
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

from nova_glance_v2 import errors

MIB = 1024 * 1024
SHOWS = 10
LIST_IMAGES = 100
DOWNLOAD_MIB = 1024
UPLOAD_MIB = 256
OPERATIONS = ("show", "list", "download", "upload")
NAME_PREFIX = "ngv2-bench-nova-image"
# A request line in glance's access log (gunicorn's, see localcloud).
_REQUEST = re.compile(r'"(GET|HEAD|POST|PUT|PATCH|DELETE) /')


def _write_data(path, mib):
    with open(path, "wb") as target:
        for _ in range(mib):
            target.write(os.urandom(MIB))


def _bench_nova_conf(layout, workdir):
    """The cloud's nova.conf with [glance] api_servers = the cloud's glance."""
    from nova_glance_v2.localcloud import layout as layout_mod

    state = layout_mod.State.load(layout)
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read(layout.nova_conf)
    if not parser.has_section("glance"):
        parser.add_section("glance")
    parser["glance"]["api_servers"] = state.url("glance")
    path = os.path.join(workdir, "nova.conf")
    with open(path, "w") as conf:
        parser.write(conf)
    return path


def _seed_images(glance, workdir, created):
    """100 small images, then one of 1 GiB: the ids go to ``created``."""
    for index in range(LIST_IMAGES):
        image = glance.images.create(
            name=f"{NAME_PREFIX}-{index}", disk_format="raw",
            container_format="bare")
        created.append(image["id"])
    glance.images.upload(created[0], io.BytesIO(b"x" * 1024))
    big_file = os.path.join(workdir, "big")
    _write_data(big_file, DOWNLOAD_MIB)
    big = glance.images.create(name=f"{NAME_PREFIX}-1g", disk_format="raw",
                               container_format="bare")
    created.append(big["id"])
    with open(big_file, "rb") as data:
        glance.images.upload(big["id"], data, image_size=DOWNLOAD_MIB * MIB)
    os.unlink(big_file)


def _cp_seconds(source, workdir):
    target = os.path.join(workdir, "cp-reference")
    began = time.monotonic()
    subprocess.run(["cp", source, target], check=True)
    seconds = time.monotonic() - began
    os.unlink(target)
    return round(seconds, 3)


def run(cloud):
    """Run the benchmark on the local cloud ``cloud``; the result dict."""
    from glanceclient import client as glance_client

    from nova_glance_v2.localcloud import bootstrap
    from nova_glance_v2.localcloud import layout as layout_mod
    from nova_glance_v2.localcloud import nova_overlay
    from nova_glance_v2.localcloud import services

    layout = cloud.layout
    state = layout_mod.State.load(layout)
    if state is None:
        raise errors.BadInput(f"no local cloud in {layout.root}")
    sess = bootstrap.admin_connection(layout).session
    glance = glance_client.Client("2", session=sess,
                                  endpoint_override=state.url("glance"))
    novas = {
        kind: nova_overlay.prepare(layout.root, kind)
        for kind in (nova_overlay.STOCK, nova_overlay.WRAPPER_FREE)
    }
    workdir = tempfile.mkdtemp(prefix="ngv2-bench-", dir=layout.root)
    created = []
    try:
        nova_conf = _bench_nova_conf(layout, workdir)
        _seed_images(glance, workdir, created)
        small, big = created[0], created[-1]
        store_file = os.path.join(layout.service_dir("glance"),
                                  services.GLANCE_STORES[0], big)
        snapshot = os.path.join(workdir, "snapshot")
        _write_data(snapshot, UPLOAD_MIB)
        results = {}
        for kind, nova in novas.items():
            results[kind] = _run_worker(
                nova, nova_conf, layout, small, big, snapshot)
        reference = {
            "download": _cp_seconds(store_file, workdir),
            "upload": _cp_seconds(snapshot, workdir),
        }
    finally:
        for image_id in created:
            glance.images.delete(image_id)
        shutil.rmtree(workdir, ignore_errors=True)
    return _report(results, reference, novas)


def _run_worker(nova, nova_conf, layout, show_id, big_id, snapshot):
    from nova_glance_v2.localcloud import layout as layout_mod
    from nova_glance_v2.localcloud import nova_overlay
    from nova_glance_v2.novapatch import runtime

    env = dict(os.environ, OS_CLIENT_CONFIG_FILE=layout.clouds_yaml,
               OS_CLOUD=layout_mod.CLOUD_NAME)
    env.pop(runtime.ENV_PATH, None)
    path = nova_overlay.pythonpath(nova)
    if path:
        env[runtime.ENV_PATH] = path
    argv = [sys.executable, "-m", __name__, nova_conf,
            layout.log_file("glance"), show_id, big_id, snapshot]
    done = subprocess.run(argv, capture_output=True, text=True, env=env,
                          check=False, timeout=1800)
    if done.returncode:
        raise errors.CheckFailed(
            f"bench worker ({nova['kind']} nova) exited {done.returncode}: "
            f"{done.stderr.strip().splitlines()[-1:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _report(results, reference, novas):
    sizes = {"download": DOWNLOAD_MIB, "upload": UPLOAD_MIB}
    rows = []
    for operation in OPERATIONS:
        row = {"operation": operation}
        for kind, measured in results.items():
            seconds = measured[operation]["seconds"]
            row[f"{kind} requests"] = measured[operation]["requests"]
            row[f"{kind} s"] = seconds
            if operation in sizes:
                row[f"{kind} MiB/s"] = round(sizes[operation] / seconds, 1)
        if operation in reference:
            row["cp s"] = reference[operation]
            row["cp MiB/s"] = round(sizes[operation] / reference[operation],
                                    1)
        rows.append(row)
    return {"operations": rows, "novas": novas, "shows": SHOWS,
            "list_images": LIST_IMAGES, "download_mib": DOWNLOAD_MIB,
            "upload_mib": UPLOAD_MIB}


# The worker: one nova, in its own process
# ========================================

def _requests_since(log_file, offset):
    """Glance requests logged after ``offset``, once the log is quiet."""
    size = -1
    while size != os.path.getsize(log_file):
        size = os.path.getsize(log_file)
        time.sleep(0.3)
    with open(log_file, "rb") as log:
        log.seek(offset)
        text = log.read().decode(errors="replace")
    return len(_REQUEST.findall(text))


def _worker(nova_conf, log_file, show_id, big_id, snapshot):
    from nova_glance_v2.novapatch import runtime

    runtime.use_nova_from_environment()
    from nova.image import glance as nova_glance

    from nova_glance_v2 import session as session_mod
    from nova_glance_v2.checks import novaimage

    novaimage.load_nova_config(nova_conf)
    context = novaimage.request_context(
        session_mod.connect(os.environ["OS_CLOUD"]).session)
    api = nova_glance.API()
    workdir = os.path.dirname(snapshot)
    created = []

    def upload():
        image = api.create(context, {"name": f"{NAME_PREFIX}-snapshot",
                                     "disk_format": "raw",
                                     "container_format": "bare"})
        created.append(image["id"])
        with open(snapshot, "rb") as data:
            api.update(context, image["id"], {}, data=data)

    calls = {
        "show": lambda: [api.get(context, show_id) for _ in range(SHOWS)],
        "list": lambda: api.get_all(context),
        "download": lambda: api.download(
            context, big_id, dest_path=os.path.join(workdir, "download")),
        "upload": upload,
    }
    measured = {}
    try:
        for operation in OPERATIONS:
            offset = os.path.getsize(log_file)
            began = time.monotonic()
            result = calls[operation]()
            seconds = round(time.monotonic() - began, 3)
            if operation == "list" and len(result) < LIST_IMAGES:
                raise errors.CheckFailed(f"listed {len(result)} images")
            measured[operation] = {
                "seconds": seconds,
                "requests": _requests_since(log_file, offset),
                "nova_module": nova_glance.__file__,
            }
    finally:
        for image_id in created:
            api.delete(context, image_id)
        download = os.path.join(workdir, "download")
        if os.path.exists(download):
            os.unlink(download)
    print(json.dumps(measured))


if __name__ == "__main__":
    _worker(*sys.argv[1:6])
