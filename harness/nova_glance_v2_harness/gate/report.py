"""The gate's report: ``STATE_DIR/report/summary.json`` and ``index.html``.

Written after every run, PASS or FAIL, before the cloud goes down. The
services' logs, tempest's log and the playbook runs' output are copied
into ``report/logs/`` so that the report (which links them) stays whole
when the cloud's state is purged after a PASS.
"""

import importlib.metadata
import json
import os
import shutil

from nova_glance_v2 import executables
from nova_glance_v2_harness.gate import fidelity
from nova_glance_v2_harness.gate import html
from nova_glance_v2_harness.localcloud import layout

PACKAGES = ("keystone", "glance", "nova", "tempest", "python-glanceclient",
            "keystoneauth1", "ansible-core")
COMPUTE_IMAGES = "tempest.api.compute.images."


def versions():
    found = {}
    for package in PACKAGES:
        try:
            found[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            found[package] = None
    return found


def _step(rows, name):
    return next((r["result"] for r in rows if r["step"] == name), None)


def outcomes(gate, rows):
    """The answers the upgrade path owes, each from the step that gives
    it (None: that step did not run)."""
    tempest = gate.found.get("tempest")
    compute_passed = None
    if tempest:
        compute_passed = sum(c.get("passed", 0) for cls, c in
                             tempest["classes"].items()
                             if cls.startswith(COMPUTE_IMAGES))
    ran = {r["step"] for r in rows if r["result"] != "NOT RUN"}
    return {
        "seeded_upgrade_check_failed": (
            _step(rows, "upgrade check (seeded)") == "PASS"
            if "upgrade check (seeded)" in ran else None),
        "upgrade_check_passed": (_step(rows, "upgrade check") == "PASS"
                                 if "upgrade check" in ran else None),
        "compute_image_tests_passed": compute_passed,
        "pre_upgrade_images_intact": gate.found.get("images_intact"),
        "rollback_byte_identical": gate.found.get("rollback_identical"),
    }


def _copy_logs(gate, target):
    os.makedirs(target, exist_ok=True)
    logs = {}
    sources = {service: info["log"] for service, info in
               ((gate.status or {}).get("services") or {}).items()}
    tempest = gate.found.get("tempest") or {}
    if tempest.get("log"):
        sources["tempest"] = tempest["log"]
    for number, log in enumerate(gate.found.get("playbook_logs", []), 1):
        sources[f"ansible-{number}"] = log
    for name, source in sources.items():
        if source and os.path.isfile(source):
            target_name = f"{name}.log"
            shutil.copyfile(source, os.path.join(target, target_name))
            logs[name] = f"logs/{target_name}"
    return logs


def kept_cloud_commands(gate):
    """With ``--keep-cloud`` and a cloud that came up, the exact commands
    to use it and to stop it; else None."""
    cloud_layout = gate.cloud.layout
    if not (gate.options.keep_cloud
            and os.path.exists(cloud_layout.state_file)):
        return None
    return {
        "use": f"export OS_CLIENT_CONFIG_FILE={cloud_layout.clouds_yaml} "
               f"OS_CLOUD={layout.CLOUD_NAME}",
        "stop": f"{executables.beside_python('nova-glance-v2-harness')} "
                f"cloud down --state-dir {cloud_layout.root} --purge",
    }


def brief(summary):
    """What a person reads at the end of a run (``-f table``): the verdict,
    what failed, each step's result and time, where the report is and how
    to use a kept cloud. ``-f json`` prints the whole summary."""
    fidelity = summary.get("fidelity") or {}
    return {
        "verdict": summary["verdict"],
        "failed_step": summary["failed_step"],
        "failure": summary["failure"],
        "seconds": summary["seconds"],
        "fidelity": (f"{fidelity['percent']:.1f}%" if fidelity else None),
        "report": summary["report"],
        "kept_cloud": summary.get("kept_cloud"),
        "steps": [{"step": row["step"], "result": row["result"],
                   "seconds": row["seconds"]} for row in summary["steps"]],
    }


def write(gate, result, seconds):
    """Write the report; return the paths of summary.json and index.html."""
    target = os.path.join(gate.root, "report")
    shutil.rmtree(target, ignore_errors=True)
    os.makedirs(target)
    rows = result.data["steps"]
    options = gate.options
    tempest = gate.found.get("tempest")
    job_regex = fidelity.job_regex(options.checkout)
    failed = next((r for r in rows if r["result"] == "FAIL"), None)
    summary = {
        "verdict": result.data["verdict"],
        "failed_step": failed["step"] if failed else None,
        "failure": failed["details"] if failed else None,
        "scenario": options.scenario,
        "nova": gate.found.get("nova") or {"kind": options.nova},
        "versions": versions(),
        "seconds": round(seconds, 1),
        "steps": rows,
        "outcomes": outcomes(gate, rows),
        "images": gate.found.get("images", []),
        "tempest": None if tempest is None else {
            key: tempest[key] for key in (
                "regex", "exclude_list", "seconds", "counts", "classes",
                "slowest", "skips", "exclusions", "failures", "problems")},
        "fidelity": fidelity.figure(tempest, job_regex),
        "job_regex": job_regex,
        "state_dir": gate.root,
        "logs": _copy_logs(gate, os.path.join(target, "logs")),
        "kept_cloud": kept_cloud_commands(gate),
    }
    paths = {"summary": os.path.join(target, "summary.json"),
             "html": os.path.join(target, "index.html")}
    summary["report"] = paths
    with open(paths["summary"], "w") as stream:
        json.dump(summary, stream, indent=2, sort_keys=True, default=str)
    with open(paths["html"], "w") as stream:
        stream.write(html.render(summary))
    return summary
