"""The gate's report as one self-contained HTML page.

No script, no font, no image, no stylesheet from anywhere: the page is
the file, readable offline and from a job's artifacts. The verdict comes
first, then the steps with their timings as a bar chart (inline SVG),
what the upgrade path proved, the fidelity to the Zuul job, tempest per
test class, the slowest tests, every skip and exclusion with its reason,
versions, and links to the logs copied next to it.
"""

import html

STYLE = """
body { font: 14px/1.4 sans-serif; margin: 1.5em; color: #222; }
h1.verdict { padding: .4em .6em; color: #fff; display: inline-block; }
h1.PASS { background: #2e7d32; } h1.FAIL { background: #c62828; }
table { border-collapse: collapse; margin: .5em 0 1.5em; }
th, td { border: 1px solid #ccc; padding: .2em .5em; text-align: left;
         vertical-align: top; }
td.PASS { color: #2e7d32; } td.FAIL { color: #c62828; font-weight: bold; }
td.details { max-width: 60em; font-size: 12px; word-break: break-word; }
.bar-PASS { fill: #66bb6a; } .bar-FAIL { fill: #ef5350; }
.bar-NOT { fill: #bbb; }
"""
BAR_WIDTH = 480
ROW = 20


def _e(value):
    return html.escape("" if value is None else str(value))


def _table(headers, rows, cls=None):
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{_e(cell)}</td>" for cell in row) + "</tr>"
        for row in rows)
    attr = f' id="{cls}"' if cls else ""
    return f"<table{attr}><tr>{head}</tr>{body}</table>"


def _chart(steps):
    longest = max([s["seconds"] for s in steps] + [1])
    label = 190
    parts = []
    for number, step in enumerate(steps):
        y = number * ROW
        width = max(1, int(BAR_WIDTH * step["seconds"] / longest))
        kind = step["result"].split()[0]
        parts.append(
            f'<text x="0" y="{y + 14}">{_e(step["step"])}</text>'
            f'<rect class="bar-{kind}" x="{label}" y="{y + 3}" '
            f'width="{width}" height="{ROW - 6}"></rect>'
            f'<text x="{label + width + 4}" y="{y + 14}">'
            f'{step["seconds"]:.1f} s</text>')
    height = ROW * len(steps)
    return (f'<svg id="step-chart" xmlns="http://www.w3.org/2000/svg" '
            f'width="{label + BAR_WIDTH + 80}" height="{height}" '
            f'font-size="12">{"".join(parts)}</svg>')


def _steps(steps):
    rows = "".join(
        f'<tr><td>{_e(s["step"])}</td><td class="{_e(s["result"])}">'
        f'{_e(s["result"])}</td><td>{s["seconds"]:.1f}</td>'
        f'<td class="details">{_e(s["details"])}</td></tr>' for s in steps)
    return ('<table id="steps"><tr><th>step</th><th>result</th>'
            f'<th>seconds</th><th>details</th></tr>{rows}</table>')


def _fidelity(fid):
    if not fid:
        return ('<p id="fidelity">No fidelity figure: tempest did not run '
                "the Zuul job's regex.</p>")
    excluded = ", ".join(f"{n} for {need}" for need, n in
                         sorted(fid["excluded"].items())) or "none"
    return (
        f'<p id="fidelity"><b>Fidelity to {_e(fid["job"])}: '
        f'{fid["percent"]:.1f}%</b> (goal {fid["goal"]:g}%): '
        f'{fid["passed"]} passed + excluded ({_e(excluded)}) of '
        f'{fid["relevant"]} selected tests that devstack would not skip '
        f'({fid["selected"]} selected by <code>{_e(fid["regex"])}</code>, '
        f'{fid["skipped_on_devstack_too"]} skipped on devstack too).</p>'
        + _table(["skipped here only", "tempest's reason"],
                 [(s["test"], s["reason"]) for s in
                  fid["skipped_here_only"]], "fidelity-gap"))


def _tempest(tempest):
    if not tempest:
        return "<p>tempest did not run.</p>"
    counts = tempest["counts"]
    classes = [(cls, *(c.get(k, 0) for k in ("passed", "skipped", "failed",
                                             "excluded", "not run")))
               for cls, c in sorted(tempest["classes"].items())]
    return (
        f"<p>{counts['listed']} listed by <code>{_e(tempest['regex'])}"
        f"</code>: {counts['passed']} passed, {counts['skipped']} skipped, "
        f"{counts['failed']} failed, {counts['excluded']} excluded, "
        f"{counts['not_run']} not run, in {tempest['seconds']:.0f} s.</p>"
        + _table(["class", "passed", "skipped", "failed", "excluded",
                  "not run"], classes, "tempest-classes")
        + "<h3>Slowest tests</h3>"
        + _table(["test", "seconds", "status"],
                 [(t["test"], t["seconds"], t["status"])
                  for t in tempest["slowest"]], "slowest")
        + "<h3>Skipped (tempest's reason)</h3>"
        + _table(["test", "reason"], [(s["test"], s["reason"])
                                      for s in tempest["skips"]], "skips")
        + "<h3>Excluded (our reason)</h3>"
        + _table(["test", "reason"], [(s["test"], s["reason"]) for s in
                                      tempest["exclusions"]], "exclusions"))


def render(summary):
    """The page for ``summary`` (the dict written to summary.json)."""
    verdict = summary["verdict"]
    failed = (f'<p id="failed-step">Failed step: <b>'
              f'{_e(summary["failed_step"])}</b>: '
              f'{_e(summary["failure"])}</p>'
              if summary["failed_step"] else "")
    nova = summary["nova"] or {}
    logs = "".join(f'<li><a href="{_e(path)}">{_e(name)}</a></li>'
                   for name, path in sorted(summary["logs"].items()))
    return "".join([
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\">",
        f"<title>nova-glance-v2-harness gate: {_e(verdict)}</title>",
        f"<style>{STYLE}</style></head><body>",
        f'<h1 id="verdict" class="verdict {_e(verdict)}">gate {_e(verdict)}'
        "</h1>", failed,
        f"<p>Scenario <b>{_e(summary['scenario'])}</b>, nova "
        f"<b>{_e(nova.get('kind'))}</b> {_e(nova.get('path') or '')} "
        f"(series sha256 {_e(nova.get('series_sha256') or '-')}), "
        f"{summary['seconds']:.0f} s in all.</p>",
        "<h2>Steps</h2>", _chart(summary["steps"]), _steps(summary["steps"]),
        "<h2>The upgrade path</h2>",
        _table(["outcome", "value"], sorted(summary["outcomes"].items()),
               "outcomes"),
        "<h2>Fidelity to the Zuul job</h2>", _fidelity(summary["fidelity"]),
        "<h2>Tempest</h2>", _tempest(summary["tempest"]),
        "<h2>Pre-upgrade images</h2>",
        _table(["name", "id", "bytes", "sha256"],
               [(i["name"], i["id"], i["bytes"], i["sha256"])
                for i in summary["images"]], "images"),
        "<h2>Versions</h2>",
        _table(["package", "version"], sorted(summary["versions"].items()),
               "versions"),
        f'<h2>Logs</h2><ul id="logs">{logs}</ul>',
        "</body></html>\n"])
