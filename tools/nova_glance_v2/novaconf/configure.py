"""``nova-conf configure`` and ``rollback`` over one or several files.

Several files are handled as one change: all are read and planned before
any is written, and a failed write restores the ones already written.
"""

import contextlib
import os

from nova_glance_v2 import configfile
from nova_glance_v2 import errors
from nova_glance_v2 import textdiff
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
    # Read, plan and write under the files' lock: a concurrent run waits,
    # then plans from this run's result (a dry run writes nothing, so it
    # neither waits nor clears anything).
    lock = (contextlib.nullcontext() if dry_run
            else configfile.locked(paths, backup_dir))
    with lock:
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


def report(planned, dry_run):
    """The JSON contract's object for :func:`configure`'s result.

    One object whatever the number of files: ``changed``, ``actions``
    (one per option set or removed, each naming its file) and ``diff``
    (every file's masked diff), plus the per-file details in ``files``.
    """
    actions, diffs, files = [], [], []
    for plan, change in planned:
        actions += [{"op": "set", "file": plan.path, "option": option,
                     "value": value} for option, value in plan.added.items()]
        actions += [{"op": "remove", "file": plan.path, "option": option}
                    for option in plan.removed]
        diffs.append(textdiff.unified_diff(plan.path, plan.old_text,
                                             plan.new_text))
        files.append({
            "file": plan.path,
            "changed": plan.changed,
            "backup": change.backup if change else None,
            "added": plan.added,
            "removed": plan.removed,
            "migrated": plan.migrated,
            "dropped": plan.dropped,
            "notes": plan.notes,
        })
    return {"changed": any(f["changed"] for f in files), "dry_run": dry_run,
            "actions": actions, "diff": "".join(diffs), "files": files}


def rollback(paths, backup=None, backup_dir=None, dry_run=False):
    """Restore each file from its backup; unchanged files are not written.

    Returns the JSON contract's object: a ``restore`` action per file
    whose content changes, the masked diff, and the backup of each file.
    """
    paths = _check_paths(paths)
    if backup and len(paths) > 1:
        raise errors.BadInput("--backup takes one --config-file")
    chosen = []
    for path in paths:
        if backup:
            if not os.path.isfile(backup):
                raise errors.BadInput(f"{backup}: no such backup")
            configfile.check_backup_of(path, backup)
            chosen.append((path, backup))
            continue
        backups = configfile.find_backups(path, backup_dir)
        if not backups:
            where = backup_dir or "next to it"
            raise errors.BadInput(f"{path}: no backup found ({where})")
        chosen.append((path, backups[-1]))
    actions, diffs, files = [], [], []
    with contextlib.nullcontext() if dry_run else configfile.locked(paths):
        for path, found in chosen:
            old = configfile.read_text(path) if os.path.exists(path) else ""
            new = configfile.read_text(found)
            changed = old != new
            if changed and not dry_run:
                configfile.restore(path, found)
            if changed:
                actions.append(
                    {"op": "restore", "file": path, "backup": found})
                diffs.append(textdiff.unified_diff(path, old, new))
            files.append({"file": path, "backup": found, "changed": changed})
    return {"changed": bool(actions), "dry_run": dry_run,
            "actions": actions, "diff": "".join(diffs), "files": files}


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
