"""The image service in the Keystone catalog, converged to Glance v2.

* :mod:`.plan` is pure: from the image services and their endpoints it
  computes which endpoints to update, create and delete (and which image
  services to delete). The unit tests drive it with plain dicts.
* :mod:`.keystone` is a thin client of the identity API v3 on a
  keystoneauth session. It talks REST directly rather than through
  openstacksdk's identity proxy: the catalog work needs six calls, one
  session, one token and one identity discovery; the proxy would add
  resource objects, its own discovery and paging around each of them and
  gives nothing back here. Every request goes through the one session, so
  tests can count them with a requests hook.
* :mod:`.converge` applies plans until a fresh listing plans nothing, and
  :mod:`.discovery` proves through keystoneauth's version discovery that
  the catalog leads to a Glance with a CURRENT v2 API and no v1.
* :mod:`.request` checks the command line's interfaces and urls;
  :mod:`.show` and :mod:`.ensure` are the two commands' bodies.

Keystone has no uniqueness constraint on services or endpoints, so several
runs at once may each create one. Every choice between duplicates is made
on ids alone (the lowest id wins) so that concurrent runs agree on the
survivor whatever listing each of them saw, and every run checks the
state after writing and only stops when what it sees needs nothing: the
last writer therefore always checks the final state. That check is a
fresh listing, or, for ``ensure``, the catalog of our token validated
anew (needed for discovery anyway) when it shows exactly what the writes
should have left; any other image endpoint in it means a listing.

This module holds only the names the others share, so that the command
line can use them without importing keystoneauth.
"""

SERVICE_TYPE = "image"
SERVICE_NAME = "glance"
SERVICE_DESCRIPTION = "Glance Image Service"
