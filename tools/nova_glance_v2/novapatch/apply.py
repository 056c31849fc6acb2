"""Status and application of the wrapper-free nova series to a nova tree.

Which patches a tree already has is found by reverse-applying the series
to a scratch copy of the files it touches: the largest prefix of the series
that comes off cleanly is what is applied. Application is idempotent (the
applied prefix is skipped) and all or nothing: a patch that does not apply
leaves the tree as it was (``git am --abort`` for a checkout, the touched
files restored byte for byte for a plain tree) and is reported with the
file it failed on.
"""

import pathlib
import shutil
import tempfile

from nova_glance_v2.novapatch import tree as nova_tree

STATE_APPLIED = "applied"
STATE_PARTIAL = "partially-applied"
STATE_NOT_APPLIED = "not-applied"
STATE_UPSTREAM = "wrapper-free-without-series"


class Conflict(Exception):
    """A patch of the series does not apply to the tree."""

    def __init__(self, patch, filename, detail):
        super().__init__(f"{patch}: does not apply to {filename}: {detail}")
        self.patch = patch
        self.filename = filename
        self.detail = detail


def status(tree, series):
    """What the tree has: the wrapper, the applied patches, the state."""
    applied = _applied_count(tree, series)
    wrapper = tree.wrapper_present()
    if applied == len(series.patches):
        state = STATE_APPLIED
    elif applied:
        state = STATE_PARTIAL
    elif wrapper:
        state = STATE_NOT_APPLIED
    else:
        state = STATE_UPSTREAM
    names = series.names()
    return {
        "nova_dir": str(tree.root),
        "method": tree.method,
        "series": str(series.directory),
        "series_sha256": series.sha256,
        "wrapper_present": wrapper,
        "applied": names[:applied],
        "pending": names[applied:] if state != STATE_UPSTREAM else [],
        "state": state,
    }


def apply(tree, series, dry_run=False):
    """Apply what the tree lacks of the series; the JSON-contract result.

    Raises Conflict (tree untouched) when a patch does not apply.
    """
    before = status(tree, series)
    result = dict(before, changed=False, actions=[], diff="")
    if before["state"] == STATE_UPSTREAM:
        result["message"] = (
            "nova here has no GlanceClientWrapper although the series is "
            "not applied: the change is already in this tree, nothing to do"
        )
        return result
    pending = series.patches[len(before["applied"]):]
    if not pending:
        result["message"] = "the series is already applied, nothing to do"
        return result
    with_notes = tree.is_git
    result["actions"] = [
        {"op": "apply_patch", "patch": patch.name, "file": name}
        for patch in pending
        for name in patch.files_in(with_notes)
    ]
    result["changed"] = True
    if dry_run:
        _check_on_copy(tree, pending, with_notes, reverse=False)
        result["message"] = f"would apply {len(pending)} patch(es)"
        return result
    if tree.is_git:
        _git_am(tree, pending)
    else:
        _git_apply(tree, pending)
    after = status(tree, series)
    result.update(
        wrapper_present=after["wrapper_present"],
        applied=after["applied"],
        pending=after["pending"],
        state=after["state"],
        message=f"applied {len(pending)} patch(es) with {tree.method}",
    )
    return result


def _applied_count(tree, series):
    with_notes = tree.is_git
    for count in range(len(series.patches), 0, -1):
        try:
            _check_on_copy(
                tree, series.patches[:count], with_notes, reverse=True
            )
        except Conflict:
            continue
        return count
    return 0


def _check_on_copy(tree, patches, with_notes, reverse):
    """Apply (or reverse) ``patches`` in order to a scratch copy."""
    files = {name for patch in patches for name in patch.files_in(with_notes)}
    ordered = list(reversed(patches)) if reverse else list(patches)
    with tempfile.TemporaryDirectory(prefix="ngv2-novapatch-") as scratch:
        scratch = pathlib.Path(scratch)
        for name in files:
            source = tree.root / name
            if source.is_file():
                (scratch / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, scratch / name)
        for patch in ordered:
            _apply_one(tree, patch, with_notes, cwd=scratch, reverse=reverse)


def _apply_one(tree, patch, with_notes, cwd, reverse=False):
    args = ["apply"]
    if reverse:
        args.append("--reverse")
    if not with_notes:
        args.append("--exclude=releasenotes/*")
    proc = tree.git(*args, str(patch.path), cwd=cwd)
    if proc.returncode:
        output = proc.stderr + proc.stdout
        raise Conflict(
            patch.name,
            nova_tree.failed_file(output, patch.files[0]),
            _summary(output),
        )


def _git_apply(tree, patches):
    """git apply each patch; on a failure put the touched files back."""
    files = {name for patch in patches for name in patch.files_in(False)}
    saved = {}
    for name in files:
        path = tree.root / name
        saved[name] = path.read_bytes() if path.is_file() else None
    try:
        for patch in patches:
            _apply_one(tree, patch, with_notes=False, cwd=tree.root)
    except Conflict:
        for name, content in saved.items():
            path = tree.root / name
            if content is None:
                path.unlink(missing_ok=True)
            else:
                path.write_bytes(content)
        raise


def _git_am(tree, patches):
    """git am -3 the patches; on a failure abort, which restores HEAD."""
    proc = tree.git("am", "-3", *[str(patch.path) for patch in patches])
    if proc.returncode == 0:
        return
    output = proc.stdout + proc.stderr
    current = tree.git("am", "--show-current-patch=raw")
    failing = _current_patch(current.stdout, patches)
    tree.git("am", "--abort")
    raise Conflict(
        failing.name,
        nova_tree.failed_file(output, failing.files[0]),
        _summary(output),
    )


def _current_patch(raw, patches):
    """The patch git am stopped on, from its subject; else the first."""
    for patch in patches:
        subject = _subject(patch.path.read_text())
        if subject and subject in " ".join(raw.split()):
            return patch
    return patches[0]


def _subject(text):
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if line.startswith("Subject: "):
            subject = [line[len("Subject: "):]]
            for more in lines[index + 1:]:
                if not more.startswith(" "):
                    break
                subject.append(more.strip())
            words = " ".join(subject).split("] ", 1)[-1]
            return " ".join(words.split())
    return ""


def _summary(output):
    for line in output.splitlines():
        if line.startswith(("error:", "CONFLICT", "fatal:")):
            return line.strip()
    lines = [line for line in output.splitlines() if line.strip()]
    return lines[0].strip() if lines else "git failed"
