"""Run the bench on a local cloud: seed images, run the workers, clean up.

See :mod:`nova_glance_v2_harness.nova_image_bench` for what is measured.
"""

import configparser
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile

from nova_glance_v2 import errors
from nova_glance_v2_harness import nova_image_bench as bench
from nova_glance_v2_harness.nova_image_bench import reference
from nova_glance_v2_harness.nova_image_bench import report


def _write_data(path, mib):
    with open(path, "wb") as target:
        for _ in range(mib):
            target.write(os.urandom(bench.MIB))


def _bench_nova_conf(layout, state, workdir):
    """The cloud's nova.conf with [glance] api_servers = the cloud's glance."""
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
    for index in range(bench.LIST_IMAGES):
        image = glance.images.create(
            name=f"{bench.NAME_PREFIX}-{index}", disk_format="raw",
            container_format="bare")
        created.append(image["id"])
    glance.images.upload(created[0], io.BytesIO(b"x" * 1024))
    big_file = os.path.join(workdir, "big")
    _write_data(big_file, bench.DOWNLOAD_MIB)
    big = glance.images.create(name=f"{bench.NAME_PREFIX}-1g",
                               disk_format="raw", container_format="bare")
    created.append(big["id"])
    with open(big_file, "rb") as data:
        glance.images.upload(big["id"], data,
                             image_size=bench.DOWNLOAD_MIB * bench.MIB)
    os.unlink(big_file)


def _orders(repeat, kinds):
    """The novas' order in each repetition: alternating, so that neither
    always runs first (on a warmer page cache, or a quieter machine); an
    even ``repeat`` gives each nova each place equally often.
    """
    return [kinds if index % 2 == 0 else kinds[::-1]
            for index in range(repeat)]


def run(cloud, repeat):
    """Run the benchmark ``repeat`` times on the local cloud ``cloud``."""
    from glanceclient import client as glance_client

    from nova_glance_v2_harness.localcloud import bootstrap
    from nova_glance_v2_harness.localcloud import layout as layout_mod
    from nova_glance_v2_harness.localcloud import nova_overlay
    from nova_glance_v2_harness.localcloud import services

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
        nova_conf = _bench_nova_conf(layout, state, workdir)
        _seed_images(glance, workdir, created)
        ids = (created[0], created[-1])
        store_file = os.path.join(layout.service_dir("glance"),
                                  services.GLANCE_STORES[0], ids[1])
        snapshot = os.path.join(workdir, "snapshot")
        _write_data(snapshot, bench.UPLOAD_MIB)
        # glance's image cache (the local cloud has it on) keeps a copy of
        # an image on its first download: make that download here, so that
        # glance serves every measured one alike, from its cache.
        reference.glance_serving_seconds(sess, state.url("glance"), ids[1])
        results = {kind: [] for kind in novas}
        references = []
        for order in _orders(repeat, list(novas)):
            for kind in order:
                # Each measurement starts with nothing left to write back
                # from the one before (a download, an upload, the copies).
                os.sync()
                results[kind].append(_run_worker(
                    novas[kind], nova_conf, layout, ids, snapshot))
            os.sync()
            references.append(reference.measure(
                store_file, snapshot, workdir, sess, state.url("glance"),
                ids[1]))
    finally:
        for image_id in created:
            glance.images.delete(image_id)
        shutil.rmtree(workdir, ignore_errors=True)
    return report.build(results, references, novas)


def _run_worker(nova, nova_conf, layout, ids, snapshot):
    from nova_glance_v2.novapatch import runtime
    from nova_glance_v2_harness.localcloud import layout as layout_mod
    from nova_glance_v2_harness.localcloud import nova_overlay

    env = dict(os.environ, OS_CLIENT_CONFIG_FILE=layout.clouds_yaml,
               OS_CLOUD=layout_mod.CLOUD_NAME)
    env.pop(runtime.ENV_PATH, None)
    path = nova_overlay.pythonpath(nova)
    if path:
        env[runtime.ENV_PATH] = path
    argv = [sys.executable, "-m",
            "nova_glance_v2_harness.nova_image_bench.worker", nova_conf,
            layout.log_file("glance"), *ids, snapshot]
    done = subprocess.run(argv, capture_output=True, text=True, env=env,
                          check=False, timeout=1800)
    if done.returncode:
        raise errors.CheckFailed(
            f"bench worker ({nova['kind']} nova) exited {done.returncode}: "
            f"{done.stderr.strip().splitlines()[-1:]}")
    measured = json.loads(done.stdout.strip().splitlines()[-1])
    if os.path.dirname(os.path.dirname(measured["nova_module"])) != (
            os.path.join(nova["path"], "nova")):
        raise errors.CheckFailed(
            f"bench worker ({nova['kind']} nova) imported "
            f"{measured['nova_module']}, not the nova in {nova['path']}")
    return measured
