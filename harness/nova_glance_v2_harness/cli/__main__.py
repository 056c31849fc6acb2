"""``python -m nova_glance_v2_harness.cli``: ``nova-glance-v2-harness``."""

import sys

from nova_glance_v2_harness.cli import main

sys.exit(main())
