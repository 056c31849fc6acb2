"""Apply catalog plans until a fresh listing needs nothing."""

import logging

from nova_glance_v2 import errors
from nova_glance_v2.catalog.keystone import list_state
from nova_glance_v2.catalog.keystone import parallel
from nova_glance_v2.catalog.plan import plan

LOG = logging.getLogger(__name__)

MAX_ROUNDS = 10


def converge(keystone, region, wanted, prune=False, dry_run=False,
             max_rounds=MAX_ROUNDS, confirm=None):
    """Plan and apply until a fresh listing needs nothing.

    Returns ``(actions, services, endpoints)``: the actions done (or, with
    ``dry_run``, those that would be done) and the last listing.
    Deleting or updating what a concurrent run deleted already is not a
    failure (Keystone answers 404) and is not reported as done.

    ``confirm(services, endpoints)``, if given, is asked after a round
    whose writes all succeeded, with the state they should have left; if
    it sees that state (e.g. in a fresh token's catalog, which shows every
    enabled image endpoint), that is the result, without listing again.
    Any difference, a concurrent run's writes included, means a listing.
    """
    own = set()
    done = []
    for round_number in range(max_rounds):
        services, endpoints = list_state(
            keystone, region if round_number == 0 else None)
        actions = plan(services, endpoints, region, wanted, prune=prune,
                       own_services=own)
        if dry_run or not actions:
            return (actions if dry_run else done), services, endpoints
        if actions[0]["resource"] == "service" and actions[0]["op"] == (
                "create"):
            created = keystone.create_service()
            own.add(created["id"])
            done.append({**actions[0], "service_id": created["id"]})
            # There was none when we listed; if a concurrent run created
            # one too, the next listing elects one and cleans up.
            services = [created]
            actions = plan(services, endpoints, region, wanted, prune=prune,
                           own_services=own)
        results = []
        for phase in _phases(actions):
            applied = parallel([_applier(keystone, a) for a in phase])
            results += zip(phase, applied, strict=True)
            done += [a for a, ok in zip(phase, applied, strict=True) if ok]
        LOG.debug("round %d done: %d actions so far", round_number,
                  len(done))
        if confirm is not None and all(ok for _, ok in results):
            expected = _expected(services, endpoints, results)
            if confirm(*expected):
                return (done, *expected)
    raise errors.CheckFailed(
        f"the image catalog did not settle after {max_rounds} rounds "
        "(other writers at work?); run again"
    )


def _phases(actions):
    """Writes that may run at once: updates and creates first, then
    endpoint deletes, then service deletes, so the catalog never lacks an
    endpoint it had and a service goes only once its endpoints went."""
    def pick(resource, ops):
        return [a for a in actions
                if a["resource"] == resource and a["op"] in ops]
    phases = (pick("endpoint", ("update", "create")),
              pick("endpoint", ("delete",)), pick("service", ("delete",)))
    return [phase for phase in phases if phase]


def _expected(services, endpoints, results):
    """The listing after ``services``/``endpoints`` once every
    ``(action, result)`` of ``results`` is done (a create's result is
    the endpoint Keystone made)."""
    gone = {a["endpoint_id"] for a, _ in results if a["op"] == "delete"
            and a["resource"] == "endpoint"}
    gone_services = {a["service_id"] for a, _ in results
                     if a["resource"] == "service"}
    urls = {a["endpoint_id"]: a["new_url"] for a, _ in results
            if a["op"] == "update"}
    after = [{**e, "url": urls[e["id"]], "enabled": True} if e["id"] in urls
             else e for e in endpoints if e["id"] not in gone]
    after += [created for a, created in results if a["op"] == "create"]
    return ([s for s in services if s["id"] not in gone_services],
            after)


def _applier(keystone, action):
    return lambda: _apply(keystone, action)


def _apply(keystone, action):
    op, resource = action["op"], action["resource"]
    if resource == "service":
        return keystone.delete_service(action["service_id"])
    if op == "update":
        return keystone.update_endpoint(action["endpoint_id"],
                                        action["new_url"])
    if op == "delete":
        return keystone.delete_endpoint(action["endpoint_id"])
    try:
        created = keystone.create_endpoint(
            action["service_id"], action["interface"], action["region"],
            action["new_url"])
    except errors.BadInput:
        # Keystone answers 400 when the service vanished under us (a
        # concurrent run removed the loser it created); re-plan.
        if action["service_id"] in {s["id"] for s in
                                    keystone.image_services()}:
            raise
        return False
    action["endpoint_id"] = created["id"]
    return created
