"""Plan the image catalog's changes (pure: plain dicts in, actions out)."""

from nova_glance_v2.catalog import SERVICE_NAME
from nova_glance_v2.interfaces import ordered


def choose_service(services):
    """The image service to keep: named ``glance`` first, then lowest id.

    Ids only (never listing order or creation time) so that concurrent
    runs elect the same one.
    """
    if not services:
        return None
    named = [s for s in services if s.get("name") == SERVICE_NAME]
    return min(named or services, key=lambda s: s["id"])


def _action(op, resource, **fields):
    action = {"op": op, "resource": resource, "interface": None,
              "region": None, "endpoint_id": None, "service_id": None,
              "old_url": None, "new_url": None}
    action.update(fields)
    return action


def plan(services, endpoints, region, wanted, prune=False,
         own_services=()):
    """Return the actions that bring the catalog to the wanted state.

    ``services`` are the image services and ``endpoints`` any endpoints
    (those of other services are ignored), as Keystone lists them.
    ``wanted`` maps each requested interface to its unversioned url.
    ``own_services`` are ids of services this run created: when one of them
    loses the election it is removed even without ``prune``.

    Per requested interface in ``region`` the endpoint with the lowest id
    on the chosen service is kept (its url rewritten in place when it
    differs, re-enabled when disabled) and every other one of any image
    service is deleted; a missing one is created. Other regions are never
    touched; other interfaces of ``region`` only with ``prune``.
    Order: service create, updates, creates, then deletes, so the catalog
    never lacks an endpoint that it had.
    """
    chosen = choose_service(services)
    if chosen is None:
        actions = [_action("create", "service", new_name=SERVICE_NAME)]
        actions += [
            _action("create", "endpoint", interface=interface,
                    region=region, new_url=wanted[interface])
            for interface in ordered(wanted)
        ]
        return actions
    ids = {s["id"] for s in services}
    ours = sorted((e for e in endpoints if e["service_id"] in ids),
                  key=lambda e: e["id"])
    updates, creates, deletes = [], [], []
    for interface in ordered(wanted):
        here = [e for e in ours if endpoint_region(e) == region
                and e["interface"] == interface]
        keep = next((e for e in here if e["service_id"] == chosen["id"]),
                    None)
        url = wanted[interface]
        if keep is None:
            creates.append(_action(
                "create", "endpoint", interface=interface, region=region,
                service_id=chosen["id"], new_url=url))
        elif keep["url"] != url or not keep.get("enabled", True):
            updates.append(_action(
                "update", "endpoint", interface=interface, region=region,
                service_id=chosen["id"], endpoint_id=keep["id"],
                old_url=keep["url"], new_url=url))
        deletes += [e for e in here if e is not keep]
    if prune:
        deletes += [e for e in ours if endpoint_region(e) == region
                    and e["interface"] not in wanted]
    actions = updates + creates + [
        _action("delete", "endpoint", interface=e["interface"],
                region=endpoint_region(e), service_id=e["service_id"],
                endpoint_id=e["id"], old_url=e["url"])
        for e in deletes
    ]
    gone = {e["id"] for e in deletes}
    for service in sorted(services, key=lambda s: s["id"]):
        if service is chosen or not (prune or service["id"] in own_services):
            continue
        # Never cascade: a service keeping endpoints elsewhere stays.
        if not any(e["service_id"] == service["id"] and e["id"] not in gone
                   for e in ours):
            actions.append(_action("delete", "service",
                                   service_id=service["id"],
                                   old_name=service.get("name")))
    return actions


def endpoint_region(endpoint):
    """The region of an endpoint, whichever field Keystone filled."""
    return endpoint.get("region_id") or endpoint.get("region")
