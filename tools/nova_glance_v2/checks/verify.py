"""``verify``: the image path, end to end, step by step.

catalog -> version discovery -> a python-glanceclient v2 round trip
through the catalog endpoint -> nova's own image client with a nova.conf
-> nova-api's image proxy. Each step is timed; the first failure ends the
run and names its step, with that failure's exit code (1 a check failed,
3 a service unreachable; :mod:`.steps`). Every image a step creates is
deleted again, also when the step fails.
"""

import io

from keystoneauth1 import exceptions as ks_exc

from nova_glance_v2 import errors
from nova_glance_v2 import session as session_mod
from nova_glance_v2 import urls
from nova_glance_v2.catalog import discovery
from nova_glance_v2.catalog import keystone as keystone_mod
from nova_glance_v2.catalog.plan import endpoint_region
from nova_glance_v2.checks import MIB
from nova_glance_v2.checks import imagecheck
from nova_glance_v2.checks import novaimage
from nova_glance_v2.checks import steps


class Verification:
    """The steps, sharing one session and what earlier steps found."""

    def __init__(self, session, region, interfaces, nova_conf, image_size):
        self.session = session
        self.region = region
        self.interfaces = interfaces
        self.nova_conf = nova_conf
        self.size = image_size * MIB

    def _glance(self):
        return imagecheck.glance_v2(
            self.session, interface=self.interfaces[0],
            region_name=self.region)

    def step_catalog(self):
        keystone = keystone_mod.Keystone(self.session, region_name=self.region)
        with session_mod.service_errors("keystone"):
            _, endpoints = keystone_mod.list_state(keystone)
        found = {}
        for endpoint in endpoints:
            if endpoint_region(endpoint) != self.region:
                continue
            found.setdefault(endpoint["interface"], []).append(
                endpoint["url"])
        problems = []
        for interface in self.interfaces:
            listed = found.get(interface, [])
            if len(listed) != 1:
                problems.append(f"{len(listed)} {interface} endpoints")
            problems += [f"{interface} url {url} is versioned"
                         for url in listed if urls.strip_version(url) != url]
        if problems:
            raise errors.CheckFailed(
                f"image endpoints in region {self.region}: "
                + "; ".join(problems))
        return {i: found[i][0] for i in self.interfaces}

    def step_discovery(self):
        with session_mod.service_errors("keystone"):
            reports = discovery.discover(self.session, self.region,
                                       self.interfaces)
        bad = [f"{r['interface']}: {r['problem']}" for r in reports
               if not r["ok"]]
        if bad:
            raise errors.CheckFailed("; ".join(bad))
        return {r["interface"]: f"{r['api_url']} v{r['api_version']} "
                f"{r['status']}" for r in reports}

    def step_glance_round_trip(self):
        with session_mod.service_errors("glance"):
            return imagecheck.round_trip(self._glance(), self.size)

    def step_nova_image_client(self):
        if not self.nova_conf:
            raise steps.Skipped("no --nova-conf given; not checked")
        with session_mod.service_errors("glance"):
            return novaimage.probe(self.nova_conf, self.session, self.size)

    def step_nova_api_image_proxy(self):
        try:
            compute = self.session.get_endpoint(
                service_type="compute", interface=self.interfaces[0],
                region_name=self.region)
        except ks_exc.EndpointNotFound:
            compute = None
        if not compute:
            raise steps.Skipped(
                "no compute service in the catalog; not checked")
        glance = self._glance()
        with session_mod.service_errors("glance"), \
                imagecheck.glance_errors():
            image = glance.images.create(
                name=imagecheck.IMAGE_NAME, disk_format="raw",
                container_format="bare")
            with imagecheck.cleanup(lambda: glance.images.delete(image.id)):
                glance.images.upload(image.id, io.BytesIO(b"\0" * 4096))
                return self._nova_shows(compute, image.id)

    def _nova_shows(self, compute, image_id):
        url = f"{compute.rstrip('/')}/images/{image_id}"
        with session_mod.service_errors("nova-api"):
            response = self.session.get(url, raise_exc=False)
        if response.status_code != 200:
            raise errors.CheckFailed(
                f"nova-api GET {url} answered {response.status_code}")
        status = response.json()["image"]["status"]
        if status != "ACTIVE":
            raise errors.CheckFailed(
                f"nova-api shows image {image_id} as {status}, not ACTIVE")
        return {"url": url, "status": status}

    def steps(self):
        return [
            ("catalog", self.step_catalog),
            ("discovery", self.step_discovery),
            ("glance v2 round trip", self.step_glance_round_trip),
            ("nova image client", self.step_nova_image_client),
            ("nova-api image proxy", self.step_nova_api_image_proxy),
        ]
