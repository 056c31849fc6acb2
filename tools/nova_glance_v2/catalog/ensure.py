"""``catalog ensure``: converge, then prove it through discovery."""

import concurrent.futures

from keystoneauth1 import access as ks_access
from keystoneauth1.identity import access as ks_identity_access

from nova_glance_v2.catalog.converge import converge
from nova_glance_v2.catalog.discovery import catalog_matches
from nova_glance_v2.catalog.discovery import catalog_shows
from nova_glance_v2.catalog.discovery import discover
from nova_glance_v2.catalog.discovery import probe
from nova_glance_v2.catalog.keystone import endpoint_view
from nova_glance_v2.catalog.keystone import service_view
from nova_glance_v2.interfaces import ordered


def ensure(session, region, wanted, keystone, prune=False, dry_run=False):
    """Converge, then verify through discovery. Returns (data, ok)."""
    glance_checked = {}
    fresh = _FreshCatalog(session, keystone)
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        if not dry_run:
            # Glance's answers do not depend on the catalog: ask while
            # Keystone works (leaving the block waits for them).
            for url in sorted(set(wanted.values())):
                pool.submit(probe, session, url, glance_checked)
        actions, services, endpoints = converge(
            keystone, region, wanted, prune=prune, dry_run=dry_run,
            confirm=fresh.confirm)
    data = {
        "changed": bool(actions),
        "dry_run": dry_run,
        "region": region,
        "actions": actions,
        "diff": "",  # no file changes: the contract's diff is empty
        "services": [service_view(s) for s in services],
        "endpoints": [endpoint_view(e) for e in endpoints],
        "discovery": None,
    }
    if dry_run:
        return data, True
    auth = fresh.confirmed
    if auth is None and (actions or not catalog_matches(
            session, region, wanted, endpoints)):
        auth = fresh_catalog_auth(session, keystone)
    data["discovery"] = discover(session, region, ordered(wanted),
                                 auth=auth, glance_checked=glance_checked)
    return data, all(r["ok"] for r in data["discovery"])


def fresh_catalog_auth(session, keystone):
    """An auth plugin: our token, with the catalog as Keystone has it now.

    keystoneauth caches the catalog that came with the token. Rather
    than authenticate again (a second token, and a password hash on the
    server), validate the token we hold (``GET /v3/auth/tokens``): the
    answer is the token as Keystone has it now, catalog included. Falls
    back to re-authenticating for a non-v3 token.
    """
    current = session.auth.get_access(session)
    if not isinstance(current, ks_access.AccessInfoV3):
        session.invalidate()
        return None
    fresh = ks_access.AccessInfoV3(keystone.token(current.auth_token),
                                   auth_token=current.auth_token)
    return ks_identity_access.AccessInfoPlugin(
        fresh, auth_url=getattr(session.auth, "auth_url", None))


class _FreshCatalog:
    """Confirms :func:`converge`'s writes with our token's catalog as
    Keystone has it now: one request that discovery needs anyway, instead
    of listing services and endpoints again and then fetching it."""

    def __init__(self, session, keystone):
        self.session = session
        self.keystone = keystone
        # The auth plugin of the fetch that confirmed the last writes.
        self.confirmed = None

    def confirm(self, services, endpoints):
        auth = fresh_catalog_auth(self.session, self.keystone)
        if auth is None:
            return False
        catalog = auth.get_access(self.session).service_catalog.catalog
        if not catalog_shows(catalog, services, endpoints):
            return False
        self.confirmed = auth
        return True
