"""``nova-glance-v2 nova-patch apply|status``: the wrapper-free nova series.

See :mod:`nova_glance_v2.novapatch`.
"""

import sys

from nova_glance_v2 import errors
from nova_glance_v2 import output


def _add_nova_dir(parser):
    parser.add_argument(
        "--nova-dir", required=True, metavar="DIR",
        help="a nova git checkout (git am -3) or a plain tree such as an "
             "installed package (git apply): the directory holding nova/, "
             "or the nova package itself")
    parser.add_argument(
        "--series-dir", metavar="DIR",
        help="the series to apply (default: "
             "$NOVA_GLANCE_V2_NOVA_PATCHES_DIR, "
             "else the series installed with this package)")


def register(subparsers):
    parser = subparsers.add_parser(
        "nova-patch",
        help="the wrapper-free nova patch series and nova trees",
        description="The wrapper-free nova series (shipped in this "
                    "package): see what a nova tree has of it, apply the "
                    "rest.")
    commands = parser.add_subparsers(dest="nova_patch_command",
                                     required=True)
    apply_parser = commands.add_parser(
        "apply", help="apply what a nova tree lacks of the series",
        description="Apply the patches of the series the nova tree lacks, "
                    "in order; a tree that has them all is left alone "
                    "(changed: false), one that conflicts is not touched.")
    _add_nova_dir(apply_parser)
    apply_parser.add_argument(
        "--dry-run", action="store_true",
        help="check and report, change nothing")
    apply_parser.set_defaults(func=nova_patch_apply)
    status = commands.add_parser(
        "status", help="whether the wrapper is there, which patches are",
        description="Whether nova's GlanceClientWrapper is in the tree, "
                    "and which patches of the series are applied.")
    _add_nova_dir(status)
    status.set_defaults(func=nova_patch_status)


def _load(args):
    from nova_glance_v2.novapatch import series
    from nova_glance_v2.novapatch import tree

    return tree.open_tree(args.nova_dir), series.load(args.series_dir)


def nova_patch_apply(args):
    """Apply the series; a conflict exits 1 naming patch and file."""
    from nova_glance_v2.novapatch import apply

    nova_tree, nova_series = _load(args)
    try:
        return apply.apply(nova_tree, nova_series, dry_run=args.dry_run)
    except apply.Conflict as conflict:
        print(f"nova-glance-v2: error: {conflict} (tree left unchanged)",
              file=sys.stderr)
        result = apply.status(nova_tree, nova_series)
        result.update(
            changed=False, actions=[], diff="",
            conflict={"patch": conflict.patch, "file": conflict.filename,
                      "detail": conflict.detail})
        return output.Result(result, errors.EXIT_CHECK_FAILED)


def nova_patch_status(args):
    """Report the tree's state against the series."""
    from nova_glance_v2.novapatch import apply

    return apply.status(*_load(args))
