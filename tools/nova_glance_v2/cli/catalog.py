"""``nova-glance-v2 catalog show|ensure``.

``ensure`` makes the unversioned Glance url the one image endpoint per
requested interface of a region (see :mod:`nova_glance_v2.catalog`), then
proves through version discovery that nova will find the Image API v2
there. ``show`` reports the image services, their endpoints and what
discovery finds. Both exit 1 when discovery does not lead to Glance v2.

Bad input (urls, interfaces, regions) is rejected before any write; a
failed authentication or missing admin rights exits 3 without a write,
since the first write is where Keystone refuses.
"""


from nova_glance_v2 import errors
from nova_glance_v2 import interfaces
from nova_glance_v2 import output
from nova_glance_v2.cli import argtypes


def register(subparsers):
    parser = subparsers.add_parser(
        "catalog", help="the image service in the Keystone catalog",
        description="The image service in the Keystone catalog: show it, "
                    "or make the unversioned Glance v2 url its one "
                    "endpoint per interface.")
    commands = parser.add_subparsers(dest="catalog_command", required=True)

    show = commands.add_parser(
        "show", help="image services, endpoints and version discovery",
        description="List the image services and endpoints of the region "
                    "and what version discovery says at each url. Exit 1 "
                    "when an interface has no v2 endpoint.")
    _add_region_and_interfaces(show)
    show.set_defaults(func=catalog_show)

    ensure = commands.add_parser(
        "ensure",
        help="make the unversioned Glance url the one image endpoint per "
             "interface",
        description=(
            "Converge the image service (type image, name glance): one "
            "endpoint per requested interface in the region with the "
            "unversioned url. Versioned urls are rewritten in place, "
            "duplicates removed, missing endpoints created; other regions "
            "and other interfaces are left alone unless --prune."
        ),
    )
    ensure.add_argument("--url", help="the Glance url (a /vN suffix is "
                        "stripped)")
    for interface in interfaces.INTERFACES:
        ensure.add_argument(
            f"--{interface}-url", metavar="URL",
            help=f"url of the {interface} endpoint (default: --url)")
    _add_region_and_interfaces(ensure)
    ensure.add_argument(
        "--prune", action="store_true",
        help="also delete image endpoints of other interfaces in the "
             "region, and other image services left without endpoints")
    ensure.add_argument("--dry-run", action="store_true",
                        help="print the plan, write nothing")
    ensure.set_defaults(func=catalog_ensure)


def _add_region_and_interfaces(parser):
    parser.add_argument(
        "--region", type=argtypes.one_line,
        help="region of the image endpoints (default: the cloud's)")
    parser.add_argument(
        "--interfaces", type=argtypes.interface_list,
        default=interfaces.REGISTERED_INTERFACES, metavar="IF[,IF...]",
        help="interfaces to converge and discover (default: "
             f"{','.join(interfaces.REGISTERED_INTERFACES)}, the ones "
             "nova's default valid_interfaces use)")


def catalog_show(args):
    """The image services, their endpoints and what discovery finds."""
    from nova_glance_v2 import session as session_mod
    from nova_glance_v2.catalog import keystone as keystone_mod
    from nova_glance_v2.catalog import show

    cloud = session_mod.connect(args.os_cloud, args.region)
    keystone = keystone_mod.for_connection(cloud)
    with session_mod.service_errors("keystone"):
        data, ok = show.show(cloud.session, cloud.region, args.interfaces,
                             keystone)
    return output.Result(data, 0 if ok else errors.EXIT_CHECK_FAILED)


def catalog_ensure(args):
    """Converge the image endpoints, then prove them by discovery."""
    from nova_glance_v2 import session as session_mod
    from nova_glance_v2.catalog import ensure
    from nova_glance_v2.catalog import keystone as keystone_mod
    from nova_glance_v2.catalog import request

    # Everything the command line alone can refute, before any request.
    wanted = request.wanted_urls(
        args.interfaces, args.url,
        {i: getattr(args, f"{i}_url") for i in interfaces.INTERFACES})
    cloud = session_mod.connect(args.os_cloud, args.region)
    keystone = keystone_mod.for_connection(cloud)
    with session_mod.service_errors("keystone"):
        data, ok = ensure.ensure(
            cloud.session, cloud.region, wanted, keystone,
            prune=args.prune, dry_run=args.dry_run)
    return output.Result(data, 0 if ok else errors.EXIT_CHECK_FAILED)
