"""The gate's two scenarios, as lists of named steps.

``upgrade`` (the default) walks the path deployers and the Zuul upgrade
job walk: a fresh cloud put back into a v1-era state (``legacy seed`` of
the catalog and nova's config, images uploaded before the upgrade), the
upgrade check failing on it, ``playbooks/upgrade.yaml`` run by
``ansible-playbook``, the upgrade check and ``verify`` passing, tempest's
image and compute image tests, the pre-upgrade images checked through
nova, then ``playbooks/rollback.yaml`` (byte-identical files) and the
upgrade again. ``fresh`` is the short path: a new cloud configured
directly by the commands, then tempest (its images, tempest's image_ref,
checked through nova afterwards too).
"""

from nova_glance_v2 import errors
from nova_glance_v2.tempest import run as tempestrun
from nova_glance_v2_harness.gate import images
from nova_glance_v2_harness.gate import playbooks
from nova_glance_v2_harness.localcloud import layout

UPGRADE_CHECK_FAILURE = 2   # oslo.upgradecheck's exit code for a Failure


def cloud_up(gate):
    # Every gate run starts from a new cloud, as a Zuul node does.
    gate.cloud.down(purge=True)
    gate.status = gate.cloud.up(gate.options.ports, nova=gate.options.nova)
    nova = gate.status["services"]["nova-api"]["nova"]
    gate.found["nova"] = nova
    return {"nova": nova.get("kind"), "timings": gate.status["timings"]}


def upgrade_check(gate, *, expect_failure=False):
    """``upgrade check`` over the cloud's own nova config files (the
    playbooks check every host's, each on its host)."""
    files = [f"--nova-conf={path}" for path in gate.hosts.seeded_files()]
    report = gate.cli("upgrade", "check", *files,
                      allowed=(0, 1, UPGRADE_CHECK_FAILURE))
    failures = [f"{c['check']}: {c['details']}" for c in report["checks"]
                if c["result"] == UPGRADE_CHECK_FAILURE]
    warnings = [c["check"] for c in report["checks"] if c["result"] == 1]
    if expect_failure and not failures:
        raise errors.CheckFailed(
            "upgrade check found no Failure on the seeded, v1-era cloud: "
            "the seed is not legacy")
    if not expect_failure and failures:
        raise errors.CheckFailed("upgrade check: " + "; ".join(failures))
    return {"failures": failures, "warnings": warnings}


def verify(gate):
    report = gate.cli("verify", "--nova-conf", gate.nova_conf)
    return {s["step"]: s["seconds"] for s in report["steps"]}


def tempest_conf(gate):
    tempestrun.init_workspace(gate.workspace)
    # The images uploaded before the upgrade are tempest's image_ref, as
    # devstack's cirros is: the compute image tests show and list them
    # through nova-api's image proxy.
    refs = [i["id"] for i in gate.found.get("images", [])][:2]
    sets = [f"--set=compute.{key}={ref}" for key, ref in
            zip(("image_ref", "image_ref_alt"), refs, strict=False)]
    gate.cli("tempest-conf", "configure", "--config-file",
             tempestrun.config_file(gate.workspace), *sets)
    return {"workspace": gate.workspace, "image_refs": refs}


def tempest(gate):
    options = gate.options
    report = gate.cli(
        "tempest-run", "--workspace", gate.workspace,
        "--regex", options.tempest_regex,
        "--exclude-list", options.tempest_exclude_list,
        "--concurrency", str(options.tempest_concurrency), allowed=(0, 1),
        relay=True)
    gate.found["tempest"] = report
    if report["problems"]:
        raise errors.CheckFailed("tempest: " + "; ".join(report["problems"]))
    return dict(report["counts"], seconds=round(report["seconds"]))


def catalog_ensure(gate):
    report = gate.cli("catalog", "ensure", "--url", gate.glance_url)
    return {"actions": len(report["actions"]),
            "discovery": [d["api_url"] for d in report["discovery"]]}


def nova_conf_configure(gate):
    mode = gate.options.nova_mode
    where = {"api_servers": ["--api-servers", gate.glance_url],
             "endpoint_override": ["--endpoint-override", gate.glance_url],
             "catalog": ["--region", layout.REGION]}[mode]
    gate.cli("nova-conf", "configure", "--config-file", gate.nova_conf,
             "--mode", mode, *where)
    gate.cloud.restart("nova-api")
    return {"mode": mode}


def legacy_seed(gate):
    gate.hosts.write()
    gate.cli("legacy", "seed", "--url", gate.glance_url, "--catalog",
             *[f"--nova-conf={path}" for path in gate.hosts.seeded_files()])
    # The restart is what a deployment would have done: nova-api runs
    # with its v1-era configuration until the upgrade.
    gate.cloud.restart("nova-api")
    gate.found["seeded"] = gate.hosts.contents()
    return {"files": sorted(gate.found["seeded"])}


def rollback(gate):
    details = playbooks.run(gate, "rollback.yaml")
    now = gate.hosts.contents()
    seeded = gate.found["seeded"]
    differ = sorted(path for path in seeded if now.get(path) != seeded[path])
    gate.found["rollback_identical"] = not differ
    if differ:
        raise errors.CheckFailed(
            "rollback.yaml left files that differ from the seeded ones: "
            + ", ".join(differ))
    details["byte_identical"] = sorted(seeded)
    return details


def fresh(gate):
    gate.hosts = playbooks.Hosts(gate, extra=())
    return [
        ("cloud up", lambda: cloud_up(gate)),
        ("catalog ensure", lambda: catalog_ensure(gate)),
        ("nova-conf configure", lambda: nova_conf_configure(gate)),
        ("images", lambda: images.upload(gate)),
        ("upgrade check", lambda: upgrade_check(gate)),
        ("verify", lambda: verify(gate)),
        ("tempest-conf configure", lambda: tempest_conf(gate)),
        ("tempest", lambda: tempest(gate)),
        ("images intact", lambda: images.check(gate)),
    ]


def upgrade(gate):
    gate.hosts = playbooks.Hosts(gate, extra=gate.options.extra_hosts)
    return [
        ("cloud up", lambda: cloud_up(gate)),
        ("legacy seed", lambda: legacy_seed(gate)),
        ("pre-upgrade images", lambda: images.upload(gate)),
        ("upgrade check (seeded)",
         lambda: upgrade_check(gate, expect_failure=True)),
        ("upgrade playbook", lambda: playbooks.run(gate, "upgrade.yaml")),
        ("upgrade check", lambda: upgrade_check(gate)),
        ("verify", lambda: verify(gate)),
        ("tempest-conf configure", lambda: tempest_conf(gate)),
        ("tempest", lambda: tempest(gate)),
        ("pre-upgrade images intact", lambda: images.check(gate)),
        ("rollback playbook", lambda: rollback(gate)),
        ("upgrade playbook (again)",
         lambda: playbooks.run(gate, "upgrade.yaml")),
        ("upgrade check (again)", lambda: upgrade_check(gate)),
    ]
