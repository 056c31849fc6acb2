"""How close the gate's tempest run comes to the Zuul job's.

The ``nova-glance-v2-tempest`` job (``zuul.d/``) selects its tests with
``tempest_test_regex`` over the pinned tempest's test list; the gate runs
the same regex by default. Every selected test here either passed, was
skipped (tempest's reason), failed, or was excluded (the exclude list's
reason). Some tests the job's devstack node skips too (no import
workflow, one store, no http store...): ``data/tempest-skips-on-
devstack.txt`` lists them with devstack's reason, and they are left out.
The figure, over the rest, is::

    (passed + excluded for needing nova-compute, cinder or the internet)
    / (selected - skipped on devstack too)

in percent; the goal is at least 90.
"""

import glob
import os
import re

import yaml

from nova_glance_v2.tempest import run as tempestrun
from nova_glance_v2_harness import datafiles

JOB = "nova-glance-v2-tempest"
GOAL = 90.0
# What an exclusion's reason must name to count as the cloud's limit.
NEEDS = {"nova-compute": re.compile(r"\bnova-compute\b"),
         "cinder": re.compile(r"\bcinder\b"),
         "internet": re.compile(r"\binternet\b")}


def job_regex(top):
    """The job's ``tempest_test_regex`` from ``top/zuul.d/*.yaml``."""
    for path in sorted(glob.glob(os.path.join(top, "zuul.d", "*.yaml"))):
        with open(path) as stream:
            documents = yaml.safe_load(stream) or []
        for item in documents:
            job = item.get("job") if isinstance(item, dict) else None
            if job and job.get("name") == JOB:
                regex = (job.get("vars") or {}).get("tempest_test_regex")
                if regex:
                    return regex
    return None


def need_of(reason):
    """``nova-compute``, ``cinder``, ``internet`` or None."""
    return next((need for need, rx in NEEDS.items()
                 if rx.search(reason or "")), None)


def figure(tempest_report, regex, devstack_skips=datafiles.DEVSTACK_SKIPS):
    """The fidelity of a tempest-run report against the job's regex.

    None when the run used another regex: its test list is not the job's.
    """
    if tempest_report is None or regex is None \
            or tempest_report["regex"] != regex:
        return None
    on_devstack = tempestrun.read_exclude_list(devstack_skips)
    reasons = {e["test"]: e["reason"] for e in tempest_report["exclusions"]}
    skips = {s["test"]: s["reason"] for s in tempest_report["skips"]}
    tally = {"passed": 0, "failed": 0, "excluded": {}, "skipped_here_only":
             [], "skipped_on_devstack_too": 0}
    for test, status in tempest_report["outcomes"].items():
        if any(rx.search(test) for rx, _ in on_devstack):
            tally["skipped_on_devstack_too"] += 1
        elif status == "excluded":
            need = need_of(reasons.get(test)) or "other"
            tally["excluded"][need] = tally["excluded"].get(need, 0) + 1
        elif status == "skipped":
            tally["skipped_here_only"].append(
                {"test": test, "reason": skips.get(test, "")})
        elif status in ("passed", "failed"):
            tally[status] += 1
    selected = len(tempest_report["outcomes"])
    relevant = selected - tally["skipped_on_devstack_too"]
    allowed = sum(n for need, n in tally["excluded"].items()
                  if need in NEEDS)
    percent = (round(100.0 * (tally["passed"] + allowed) / relevant, 1)
               if relevant else 0.0)
    return dict(tally, job=JOB, regex=regex, selected=selected,
                relevant=relevant, percent=percent, goal=GOAL,
                meets_goal=percent >= GOAL)
