"""``nova-conf configure`` and ``rollback`` over one or several files.

Several files are handled as one change: all are read and planned before
any is written, and a failed write restores the ones already written.
"""

import os

from nova_glance_v2 import configfile
from nova_glance_v2 import errors
from nova_glance_v2.novaconf import document
from nova_glance_v2.novaconf import lookup
from nova_glance_v2.novaconf import plan as plan_mod


def configure(paths, request, cloud=None, backup_dir=None, dry_run=False):
    """Plan every file, then write the changed ones (unless ``dry_run``).

    Returns ``[(plan, change or None)]`` in the order of ``paths``; a
    change carries the backup made of its file.
    """
    paths = _check_paths(paths)
    _check_backup_dir(backup_dir)
    catalog_url = lookup.CatalogLookup(cloud)
    plans = []
    for path in paths:
        doc = document.parse(path, configfile.read_text(path))
        plans.append(plan_mod.plan(doc, request, catalog_url))
    changes = {
        plan.path: configfile.Change(plan.path, plan.new_text)
        for plan in plans if plan.changed
    }
    if not dry_run:
        configfile.apply_changes(list(changes.values()), backup_dir)
    return [(plan, changes.get(plan.path)) for plan in plans]


def rollback(paths, backup=None, backup_dir=None):
    """Restore each file from its backup; unchanged files are not written."""
    paths = _check_paths(paths)
    if backup and len(paths) > 1:
        raise errors.BadInput("--backup takes one --config-file")
    chosen = []
    for path in paths:
        if backup:
            if not os.path.isfile(backup):
                raise errors.BadInput(f"{backup}: no such backup")
            chosen.append((path, backup))
            continue
        backups = configfile.find_backups(path, backup_dir)
        if not backups:
            where = backup_dir or "next to it"
            raise errors.BadInput(f"{path}: no backup found ({where})")
        chosen.append((path, backups[-1]))
    results = []
    for path, found in chosen:
        changed = configfile.restore(path, found)
        results.append({"file": path, "backup": found, "changed": changed})
    return results


def _check_paths(paths):
    seen = {}
    for path in paths:
        real = configfile.real_path(path)
        if real in seen:
            raise errors.BadInput(
                f"{path}: given twice (same file as {seen[real]})"
            )
        seen[real] = path
    return list(paths)


def _check_backup_dir(backup_dir):
    if backup_dir and not os.path.isdir(backup_dir):
        raise errors.BadInput(f"{backup_dir}: backup directory does not exist")
