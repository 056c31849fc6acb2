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

import argparse

from nova_glance_v2 import catalog
from nova_glance_v2 import errors
from nova_glance_v2 import output
from nova_glance_v2 import session as session_mod


def register(subparsers):
    parser = subparsers.add_parser(
        "catalog", help="the image service in the Keystone catalog")
    commands = parser.add_subparsers(dest="catalog_command", required=True)

    show = commands.add_parser(
        "show", help="image services, endpoints and version discovery")
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
    for interface in catalog.INTERFACES:
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
        "--region", help="region of the image endpoints (default: the "
        f"cloud's region_name, else {session_mod.DEFAULT_REGION})")
    parser.add_argument(
        "--interfaces", type=_interfaces,
        default=catalog.DEFAULT_INTERFACES, metavar="IF[,IF...]",
        help="interfaces to converge and discover (default: "
             f"{','.join(catalog.DEFAULT_INTERFACES)}, nova's "
             "valid_interfaces)")


def _interfaces(text):
    # argparse turns only ArgumentTypeError into its one-line usage error.
    try:
        return catalog.parse_interfaces(text)
    except errors.BadInput as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def connect(cloud_name, config_file=None):
    """Return ``(session, keystone, cloud's region)``: one token."""
    config = session_mod.cloud_region(cloud_name, config_file)
    session = session_mod.get_session(cloud_name, config_file)
    keystone = catalog.Keystone(
        session, interface=config.get_interface() or "public",
        region_name=config.get_region_name("identity") or None)
    return (session, keystone,
            config.get_region_name() or session_mod.DEFAULT_REGION)


def catalog_show(args):
    session, keystone, region = connect(args.os_cloud)
    with session_mod.service_errors("keystone"):
        data, ok = catalog.show(session, args.region or region,
                                args.interfaces, keystone)
    return output.Result(data, 0 if ok else errors.EXIT_CHECK_FAILED)


def catalog_ensure(args):
    # Everything the command line alone can refute, before any request.
    wanted = catalog.wanted_urls(
        args.interfaces, args.url,
        {i: getattr(args, f"{i}_url") for i in catalog.INTERFACES})
    session, keystone, region = connect(args.os_cloud)
    with session_mod.service_errors("keystone"):
        data, ok = catalog.ensure(
            session, args.region or region, wanted, keystone,
            prune=args.prune, dry_run=args.dry_run)
    return output.Result(data, 0 if ok else errors.EXIT_CHECK_FAILED)
