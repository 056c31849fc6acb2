"""Keystone's endpoint interfaces, and which of them each side uses.

Light on purpose (no imports but errors): the command line uses these
names to build its options.
"""

from nova_glance_v2 import errors

# Keystone's endpoint interfaces, in the order the catalog lists them.
INTERFACES = ("public", "internal", "admin")
# The interfaces 'catalog ensure' registers the image endpoint with, and
# those verify proves, unless told otherwise.
REGISTERED_INTERFACES = ("public", "internal")
# nova's [glance] valid_interfaces default (keystoneauth tries them in
# this order).
VALID_INTERFACES = ("internal", "public")


def parse(text):
    """The interfaces of a comma separated list, in the order given (for
    nova's valid_interfaces and verify's round trips the order is the
    preference), each once."""
    names = [name.strip() for name in (text or "").split(",")]
    unknown = [name for name in names if name not in INTERFACES]
    if unknown:
        raise errors.BadInput(
            f"{text!r} is not a comma separated list of "
            f"{', '.join(INTERFACES)}"
        )
    return tuple(dict.fromkeys(names))


def ordered(names):
    """``names`` in catalog order (public, internal, admin)."""
    return [name for name in INTERFACES if name in names]
