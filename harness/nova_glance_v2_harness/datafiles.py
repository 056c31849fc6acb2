"""The harness's data files (``data/``, package data)."""

import os

_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
# Tests the local cloud cannot run, each after a comment giving the
# reason: the gate's default exclude list.
LOCAL_CLOUD_EXCLUDE_LIST = os.path.join(
    _DIR, "tempest-exclude-local-cloud.txt")
# Tests the Zuul job's devstack node skips too, with devstack's reason.
DEVSTACK_SKIPS = os.path.join(_DIR, "tempest-skips-on-devstack.txt")
