"""Configure a tempest.conf for a cloud: ask, plan, write safely."""

import os
import stat
import types

from nova_glance_v2 import configfile
from nova_glance_v2 import errors
from nova_glance_v2 import masking
from nova_glance_v2 import textdiff
from nova_glance_v2.tempest import DEFAULT_BUILD_TIMEOUT
from nova_glance_v2.tempest import conffile
from nova_glance_v2.tempest import discover as discover_mod
from nova_glance_v2.tempest import settings as settings_mod


def configure(cloud, path, endpoint_type=None,
              build_timeout=DEFAULT_BUILD_TIMEOUT,
              overrides=None, dry_run=False, backup_dir=None):
    """Configure ``path`` for ``cloud``; return the JSON contract's object
    (``changed``, ``actions``, masked ``diff``) with what the cloud said
    and why each option has its value."""
    if build_timeout <= 0:
        raise errors.BadInput("--build-timeout must be positive")
    if backup_dir and not os.path.isdir(backup_dir):
        raise errors.BadInput(
            f"{backup_dir}: backup directory does not exist")
    exists = os.path.exists(path)
    if not exists and not os.path.isdir(os.path.dirname(
            os.path.abspath(path))):
        raise errors.BadInput(f"{path}: its directory does not exist")
    text = configfile.read_text(path) if exists else ""
    current = conffile.current_values(path, text)

    report = discover_mod.discover(cloud)
    request = settings_mod.Request(endpoint_type=endpoint_type,
                                  build_timeout=build_timeout,
                                  overrides=overrides or {})
    wanted = settings_mod.settings(report, request, current)
    plan = conffile.plan(path, text, wanted,
                            conffile.tempest_options())

    backup, mode_note = None, None
    if plan.changed and not dry_run:
        backup, mode_note = _write(path, exists, plan.new_text, backup_dir)
    actions = [{"op": "create", "file": path}] if (
        plan.changed and not exists) else []
    actions += [{"op": "set", "file": path, "option": s.name,
                 "value": _masked(s.name, s.value)}
                for s in wanted if s.name in plan.set]
    actions += [{"op": "remove", "file": path, "option": name}
                for name in plan.removed]
    return {
        "file": path,
        "changed": plan.changed,
        "actions": actions,
        "diff": textdiff.unified_diff(path, plan.old_text, plan.new_text),
        "created": plan.changed and not exists and not dry_run,
        "dry_run": dry_run,
        "backup": backup,
        "options": [
            {"option": s.name, "value": _masked(s.name, s.value),
             "changed": s.name in plan.set, "why": s.why}
            for s in wanted],
        "removed": [{"option": name, "why": why}
                    for name, why in plan.removed.items()],
        "cloud": discover_mod.summary(report),
        "notes": (discover_mod.notes(report)
                  + ([mode_note] if mode_note else [])),
    }


def _masked(name, value):
    if masking.SECRET_OPTION.search(name.rpartition(".")[2]):
        return masking.MASK
    return masking.mask_value(value) if isinstance(value, str) else value


def _write(path, exists, text, backup_dir):
    """Back up and replace ``path`` (or create it, mode 0600)."""
    data = text.encode("utf-8")
    if not exists:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
        try:
            configfile.write_atomic(path, data)
        except BaseException:
            os.unlink(path)
            raise
        return None, None
    backup = configfile.make_backup(path, backup_dir)
    like = os.stat(configfile.real_path(path))
    note = None
    if stat.S_IMODE(like.st_mode) & 0o077:
        # The file now holds the admin password: no group or world access.
        mode = stat.S_IMODE(like.st_mode) & 0o700
        note = (f"mode {oct(stat.S_IMODE(like.st_mode))} -> {oct(mode)}: "
                "the file holds the admin password")
        like = types.SimpleNamespace(
            st_mode=mode, st_uid=like.st_uid, st_gid=like.st_gid)
    # Atomic: on failure the file is still the old one (and the backup).
    configfile.write_atomic(path, data, like=like)
    return backup, note
