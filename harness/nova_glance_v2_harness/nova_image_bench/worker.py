"""The bench's worker: one nova's image operations in a process of its own.

Run as ``python -m nova_glance_v2_harness.nova_image_bench.worker NOVA_CONF
GLANCE_LOG SHOW_ID BIG_ID SNAPSHOT`` with ``$NOVA_GLANCE_V2_NOVA_PATH``
naming the nova to import (unset: the venv's). Prints one JSON object:
for each operation, its seconds and the glance requests it made.
"""

import json
import os
import re
import sys
import time

from nova_glance_v2 import errors
from nova_glance_v2_harness import nova_image_bench as bench

# A request line in glance's access log (gunicorn's, see localcloud).
_REQUEST = re.compile(r'"(GET|HEAD|POST|PUT|PATCH|DELETE) /')


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


def _nova_api_app():
    """nova-api's WSGI application, from the paste file nova.conf names.

    The same pipeline nova-api serves (keystonemiddleware, nova's context
    middleware, the images API), without the HTTP server in front.
    """
    from nova import conf as nova_conf
    from nova import objects
    from nova import rpc
    from paste import deploy

    conf = nova_conf.CONF
    objects.register_all()
    # The compute API it loads wants a message bus client; nova.conf's
    # transport is the fake one.
    rpc.init(conf)
    return deploy.loadapp(f"config:{conf.wsgi.api_paste_config}",
                          name="osapi_compute")


def _nova_api_show(app, token, image_id):
    import webob

    response = webob.Request.blank(
        f"/v2.1/images/{image_id}",
        headers={"X-Auth-Token": token}).get_response(app)
    if response.status_code != 200:
        raise errors.CheckFailed(
            f"nova-api GET /v2.1/images/{image_id}: {response.status}")


def _operations(api, app, session, ids, files, created):
    """The operations, by name: callables returning what they got."""
    from nova_glance_v2.checks import novaimage

    show_id, big_id = ids
    snapshot, dest = files
    token = session.get_token()

    def show():
        # A new request context each time, as nova-api makes per request.
        return api.get(novaimage.request_context(session), show_id)

    def upload():
        context = novaimage.request_context(session)
        image = api.create(context, {"name": f"{bench.NAME_PREFIX}-snapshot",
                                     "disk_format": "raw",
                                     "container_format": "bare"})
        created.append(image["id"])
        with open(snapshot, "rb") as data:
            api.update(context, image["id"], {}, data=data)

    shows = bench.OPERATIONS[1:3]
    return {
        "first show": show,
        shows[0]: lambda: [show() for _ in range(bench.SHOWS)],
        shows[1]: lambda: [_nova_api_show(app, token, show_id)
                           for _ in range(bench.SHOWS)],
        "list": lambda: api.get_all(novaimage.request_context(session)),
        "download": lambda: api.download(
            novaimage.request_context(session), big_id, dest_path=dest),
        "upload": upload,
    }


def main(nova_conf, log_file, show_id, big_id, snapshot):
    """Run every operation once with the nova this process imports."""
    from nova_glance_v2.novapatch import runtime

    runtime.use_nova_from_environment()
    from nova.image import glance as nova_glance

    from nova_glance_v2 import session as session_mod
    from nova_glance_v2.checks import novaimage

    novaimage.load_nova_config(nova_conf)
    session = session_mod.connect(os.environ["OS_CLOUD"]).session
    api = nova_glance.API()
    created = []
    dest = os.path.join(os.path.dirname(snapshot), "download")
    calls = _operations(api, _nova_api_app(), session, (show_id, big_id),
                        (snapshot, dest), created)
    measured = {"nova_module": nova_glance.__file__}
    try:
        for operation in bench.OPERATIONS:
            offset = os.path.getsize(log_file)
            began = time.monotonic()
            result = calls[operation]()
            seconds = time.monotonic() - began
            if operation == "list" and len(result) < bench.LIST_IMAGES:
                raise errors.CheckFailed(f"listed {len(result)} images")
            measured[operation] = {
                "seconds": seconds,
                "requests": _requests_since(log_file, offset),
            }
    finally:
        context = novaimage.request_context(session)
        for image_id in created:
            api.delete(context, image_id)
        if os.path.exists(dest):
            os.unlink(dest)
    print(json.dumps(measured))


if __name__ == "__main__":
    main(*sys.argv[1:6])
