"""Unified diffs of config files, secrets masked, for people to read.

Every diff this tool prints (``--diff``, ``diff`` in the JSON reports,
Ansible's diff mode) comes from :func:`unified_diff`, so none shows a
password: :mod:`nova_glance_v2.masking` masks every line it shows.
"""

import difflib

from nova_glance_v2 import masking


def unified_diff(path, old, new, context=3):
    """Return a unified diff of ``old`` -> ``new`` with secrets masked.

    difflib's diff, in time linear in the files' size: difflib compares
    only what lies between the lines both files start and end with (and
    ``context`` lines of those), and only the lines the diff shows are
    masked (a 50 MB nova.conf with a change in ``[glance]`` is masked a
    few lines, not twice over). A line whose only change is a secret
    shows as changed, both sides masked.
    """
    if old == new:
        return ""
    old_lines, new_lines = _bare_lines(old), _bare_lines(new)
    skip, keep = _common_margins(old_lines, new_lines, context)
    matcher = difflib.SequenceMatcher(
        None, old_lines[skip:len(old_lines) - keep],
        new_lines[skip:len(new_lines) - keep])
    out = []
    for group in matcher.get_grouped_opcodes(context):
        group = [(tag, i1 + skip, i2 + skip, j1 + skip, j2 + skip)
                 for tag, i1, i2, j1, j2 in group]
        first, last = group[0], group[-1]
        out.append(f"@@ -{_hunk_range(first[1], last[2])} "
                   f"+{_hunk_range(first[3], last[4])} @@\n")
        old_masked = masking.mask_slice(old_lines, first[1], last[2])
        new_masked = masking.mask_slice(new_lines, first[3], last[4])
        for tag, i1, i2, j1, j2 in group:
            olds = old_masked[i1 - first[1]:i2 - first[1]]
            news = new_masked[j1 - first[3]:j2 - first[3]]
            if tag != "equal":
                out += [f"-{line}\n" for line in olds]
                out += [f"+{line}\n" for line in news]
                continue
            # A line both files share can mask differently (it continues
            # a secret option in one of them): show both maskings then.
            for old_line, new_line in zip(olds, news, strict=True):
                if old_line == new_line:
                    out.append(f" {old_line}\n")
                else:
                    out += [f"-{old_line}\n", f"+{new_line}\n"]
    if not out:  # the files differ in their last newline only
        return ""
    return "".join([f"--- {path}\n", f"+++ {path} (new)\n", *out])


def _common_margins(old_lines, new_lines, context):
    """How many lines both files start with, and end with, that no hunk
    can show (all but the last, and first, ``context`` of them)."""
    head = 0
    limit = min(len(old_lines), len(new_lines))
    while head < limit and old_lines[head] == new_lines[head]:
        head += 1
    tail = 0
    while (tail < limit - head
           and old_lines[-1 - tail] == new_lines[-1 - tail]):
        tail += 1
    return max(0, head - context), max(0, tail - context)


def _hunk_range(start, stop):
    """A hunk header's ``start,length``, as unified diffs write it."""
    length = stop - start
    if length == 1:
        return str(start + 1)
    return f"{start + 1 if length else start},{length}"


def _bare_lines(text):
    """The lines of ``text`` (see :func:`.masking.lines`), without their
    ``\\n`` or ``\\r\\n``."""
    return [line.removesuffix("\n").removesuffix("\r")
            for line in masking.lines(text)]
