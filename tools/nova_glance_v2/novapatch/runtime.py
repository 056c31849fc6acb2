"""Run nova's code in-process from a chosen tree instead of the venv's.

``nova-conf probe`` and ``verify`` import nova's own image client. To test
the nova a cloud runs (e.g. the local cloud's wrapper-free overlay), the
directory holding that ``nova`` package goes first on ``sys.path`` before
nova is imported: ``NOVA_GLANCE_V2_NOVA_PATH`` names it.
"""

import os
import pathlib
import sys

from nova_glance_v2 import errors

ENV_PATH = "NOVA_GLANCE_V2_NOVA_PATH"


def use_nova_from_environment():
    """Put ``$NOVA_GLANCE_V2_NOVA_PATH`` first on sys.path; return it.

    Returns None (and changes nothing) when the variable is unset. Raises
    BadInput when it names no nova tree, or when a different nova was
    already imported in this process.
    """
    configured = os.environ.get(ENV_PATH)
    if not configured:
        return None
    # abspath, not resolve: the overlay's files are symlinks into the venv.
    root = pathlib.Path(os.path.abspath(configured))
    if not (root / "nova" / "__init__.py").is_file():
        raise errors.BadInput(
            f"{ENV_PATH}={configured}: no nova package in it")
    loaded = sys.modules.get("nova")
    if loaded is not None:
        where = pathlib.Path(os.path.abspath(loaded.__file__)).parent.parent
        if where != root:
            raise errors.BadInput(
                f"{ENV_PATH}={configured}: nova was already imported from "
                f"{where}")
        return root
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    return root
