"""tempest: its tempest.conf from what the cloud reports, and its runs.

* :mod:`.discover` asks the cloud (Keystone catalog through keystoneauth,
  glance through python-glanceclient v2, nova through a keystoneauth
  adapter) and fills a :class:`.settings.CloudReport`;
* :mod:`.settings` turns the report into tempest options, each with the
  reason for it, and :mod:`.conffile` edits a tempest.conf text
  accordingly; :mod:`.configure` writes it the safe way
  (:mod:`nova_glance_v2.configfile`: dry run, masked diff, backup,
  atomic write keeping mode and owner);
* :mod:`.run` runs tempest in a workspace and reports counts, failures
  and the slowest tests.

This module holds only the names the command line needs, so that it can
use them without importing tempest or glanceclient.
"""

import os

DEFAULT_BUILD_TIMEOUT = 120
# One tempest worker per core this process may run on.
DEFAULT_CONCURRENCY = len(os.sched_getaffinity(0))

IMAGE_REGEX = r"^tempest\.api\.image"
MAX_TEST_SECONDS = 60.0
