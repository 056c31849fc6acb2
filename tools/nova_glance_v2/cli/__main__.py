"""``python -m nova_glance_v2.cli``: the same as ``nova-glance-v2``."""

import sys

from nova_glance_v2.cli import main

sys.exit(main())
