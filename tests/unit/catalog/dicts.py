"""Image services and endpoints as the identity API lists them, as plain
dicts, for the catalog's pure code."""

URL = "http://glance.example.org:9292"
WANTED = {"public": URL, "internal": URL}


def service(sid, name="glance"):
    return {"id": sid, "name": name, "type": "image", "enabled": True}


def endpoint(eid, interface, url=URL, region="RegionOne", sid="s1",
             enabled=True):
    return {"id": eid, "service_id": sid, "interface": interface,
            "region_id": region, "url": url, "enabled": enabled}
