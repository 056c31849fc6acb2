"""``nova-glance-v2-harness bench catalog``: our catalog registration
vs devstack's.

Registers the image service and its public, internal and admin endpoints
from scratch, twice per run: once with one ``nova-glance-v2 catalog
ensure`` process (one token, a handful of REST calls, then version
discovery), once the way devstack's ``get_or_create_service`` and
``get_or_create_endpoint`` (functions-common) do it, one ``openstack``
process per show, list and create, each with its own token. The catalog
is emptied of image services before and after every registration.

It prints the wall-clock seconds of each and the ratio. The cloud must
start without an image service: the benchmark deletes every image
service it registered, and refuses to touch a catalog it did not make.
"""

import functools
import os
import statistics
import subprocess
import sys
import time

from nova_glance_v2 import catalog
from nova_glance_v2 import errors
from nova_glance_v2 import executables
from nova_glance_v2 import interfaces
from nova_glance_v2 import session as session_mod
from nova_glance_v2.catalog import keystone as keystone_mod
from nova_glance_v2.catalog import request


def _run(argv, env):
    done = subprocess.run(argv, capture_output=True, text=True, env=env,
                          check=False, timeout=300)
    return done.returncode, done.stdout.strip(), done.stderr.strip()


def _must(argv, env):
    code, out, err = _run(argv, env)
    if code:
        last = (err or out).splitlines()[-1:] or [""]
        raise errors.CheckFailed(
            f"{os.path.basename(argv[0])} {argv[1]} {argv[2]} exited "
            f"{code}: {last[0]}")
    return out


def devstack_way(openstack, region, url, env):
    """get_or_create_service + get_or_create_endpoint, as devstack has it.

    Returns the number of ``openstack`` processes run.
    """
    calls = 1
    code, _, _ = _run([openstack, "service", "show", catalog.SERVICE_TYPE,
                       "-f", "value", "-c", "id"], env)
    if code:
        calls += 1
        _must([openstack, "service", "create", catalog.SERVICE_TYPE,
               "--name", catalog.SERVICE_NAME,
               f"--description={catalog.SERVICE_DESCRIPTION}",
               "-f", "value", "-c", "id"], env)
    for interface in interfaces.INTERFACES:
        calls += 1
        found = _must([openstack, "endpoint", "list", "--service",
                       catalog.SERVICE_TYPE, "--interface", interface,
                       "--region", region, "-c", "ID", "-f", "value"], env)
        if not found:
            calls += 1
            _must([openstack, "endpoint", "create", catalog.SERVICE_TYPE,
                   interface, url, "--region", region, "-f", "value",
                   "-c", "id"], env)
    return calls


def our_way(region, url, env):
    """One ``nova-glance-v2 catalog ensure`` process."""
    _must([sys.executable, "-m", "nova_glance_v2.cli", "catalog", "ensure",
           "--url", url, "--region", region,
           "--interfaces", ",".join(interfaces.INTERFACES)], env)
    return 1


def _clean(keystone):
    for service in keystone.image_services():
        # Deleting a service deletes its endpoints with it.
        keystone.delete_service(service["id"])


def _check_registered(keystone, region, url):
    services, endpoints = keystone_mod.list_state(keystone)
    got = sorted((e["interface"], e["url"]) for e in endpoints
                 if e.get("region_id") == region)
    wanted = sorted((i, url) for i in interfaces.INTERFACES)
    if len(services) != 1 or got != wanted:
        raise errors.CheckFailed(
            f"registration left {len(services)} image services and "
            f"endpoints {got}")


def bench_catalog(*, os_cloud, region, url, runs):
    """Register ``url`` both ways ``runs`` times on ``os_cloud`` in
    ``region`` (None: the cloud's); the median seconds of each."""
    if runs < 1:
        raise errors.BadInput(f"--runs {runs}: must be at least 1")
    url = request.wanted_urls(("public",), url)["public"]
    cloud = session_mod.connect(os_cloud, region)
    keystone = keystone_mod.for_connection(cloud)
    region = cloud.region
    env = dict(os.environ)
    if os_cloud:
        env["OS_CLOUD"] = os_cloud
    openstack = executables.find("openstack")
    with session_mod.service_errors("keystone"):
        keystone.check_region(region)
        existing = keystone.image_services()
        if existing:
            raise errors.BadInput(
                "bench catalog registers the image service from scratch "
                "and deletes it afterwards; this cloud has image service(s) "
                f"{', '.join(s['id'] for s in existing)}: use a cloud "
                "without one")
        times = {"ours": [], "devstack": []}
        processes = {}
        try:
            for _ in range(runs):
                for name, way in (
                        ("devstack", functools.partial(devstack_way,
                                                       openstack)),
                        ("ours", our_way)):
                    began = time.monotonic()
                    processes[name] = way(region, url, env)
                    times[name].append(time.monotonic() - began)
                    _check_registered(keystone, region, url)
                    _clean(keystone)
        finally:
            _clean(keystone)
    ours = statistics.median(times["ours"])
    devstack = statistics.median(times["devstack"])
    return {
        "runs": runs,
        "endpoints": len(interfaces.INTERFACES),
        "ours_seconds": round(ours, 3),
        "ours_processes": processes["ours"],
        "devstack_seconds": round(devstack, 3),
        "devstack_processes": processes["devstack"],
        "ratio": round(devstack / ours, 2),
    }
