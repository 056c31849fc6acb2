"""The programs this package runs: those of its own Python first.

A virtualenv's ``bin`` is often not on PATH (``.venv/bin/nova-glance-v2``
run by its full path, a devstack venv), yet its ``tempest``,
``openstack`` or ``keystone-manage`` are the ones installed with the
pinned libraries; PATH is only the fallback.
"""

import os
import shutil
import sys

from nova_glance_v2 import errors


def beside_python(name):
    """The path ``name`` has in the directory of this Python."""
    return os.path.join(os.path.dirname(sys.executable), name)


def find(name):
    """``name`` next to this Python, else on PATH; BadInput if neither."""
    local = beside_python(name)
    found = local if os.path.exists(local) else shutil.which(name)
    if not found:
        raise errors.BadInput(f"{name}: not installed")
    return found
