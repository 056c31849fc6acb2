"""``catalog show``: the image services, endpoints and discovery."""

from nova_glance_v2.catalog.discovery import discover
from nova_glance_v2.catalog.keystone import endpoint_view
from nova_glance_v2.catalog.keystone import list_state
from nova_glance_v2.catalog.keystone import service_view


def show(session, region, interfaces, keystone):
    """The image services, their endpoints and what discovery finds."""
    services, endpoints = list_state(keystone, region)
    reports = discover(session, region, interfaces)
    data = {
        "services": [service_view(s) for s in services],
        "endpoints": [endpoint_view(e) for e in endpoints],
        "discovery": reports,
    }
    return data, all(r["ok"] for r in reports)
