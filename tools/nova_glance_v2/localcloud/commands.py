"""``nova-glance-v2 cloud up|status|down``."""


def register(subparsers):
    subparsers.add_parser("cloud", help="the one-machine local cloud")
