"""The one-machine gate: the Zuul job's work, on a local cloud.

What the devstack job does on a Zuul node, done here with no devstack: a
fresh local cloud (keystone, glance, nova-api from PyPI), configured by
this project's own commands exactly as an operator or the devstack plugin
would run them (each step below is a real ``nova-glance-v2`` process),
then tempest's image tests. Steps run in order, timed, stopping at the
first failure, and end in a verdict. The cloud is taken down afterwards
unless ``--keep-cloud``; its state directory (logs, tempest's results) is
only removed after a PASS.
"""

import json
import os
import subprocess
import sys

from nova_glance_v2 import errors
from nova_glance_v2.checks import steps
from nova_glance_v2.localcloud import cloud as cloud_mod
from nova_glance_v2.localcloud import layout
from nova_glance_v2.tempest import run as tempestrun


class GateRun:
    """The context the steps share: the cloud and what it reported."""

    def __init__(self, args):
        self.args = args
        self.cloud = cloud_mod.LocalCloud(args.state_dir)
        self.status = None
        self.workspace = self.cloud.layout.tempest_workspace

    def cli(self, *argv):
        """Run ``nova-glance-v2 -f json ARGV`` against the local cloud."""
        env = dict(os.environ,
                   OS_CLIENT_CONFIG_FILE=self.status["clouds_yaml"],
                   OS_CLOUD=layout.CLOUD_NAME)
        done = subprocess.run(
            [sys.executable, "-m", "nova_glance_v2.cli", "-f", "json",
             *argv], capture_output=True, text=True, env=env, check=False,
            stdin=subprocess.DEVNULL)
        if done.returncode not in (0, *self.allowed_codes(argv)):
            why = (done.stderr.strip().splitlines() or [""])[-1]
            raise errors.CheckFailed(
                f"nova-glance-v2 {' '.join(argv)} exited {done.returncode}"
                + (f": {why}" if why else "")
                + _failed_rows(done.stdout))
        return json.loads(done.stdout) if done.stdout.strip() else None

    @staticmethod
    def allowed_codes(argv):
        # oslo.upgradecheck's 1 is a Warning (api_servers is deprecated).
        return (1,) if argv[:2] == ("upgrade", "check") else ()

    @property
    def glance_url(self):
        return self.status["services"]["glance"]["url"]

    def step_cloud_up(self):
        # Every gate run starts from a new cloud, as a Zuul node does.
        self.cloud.down(purge=True)
        self.status = self.cloud.up()
        return {"timings": self.status["timings"]}

    def step_catalog(self):
        report = self.cli("catalog", "ensure", "--url", self.glance_url)
        return {"actions": len(report["actions"]),
                "discovery": [d["api_url"] for d in report["discovery"]]}

    def step_nova_conf(self):
        mode = self.args.nova_mode
        where = {"api_servers": ["--api-servers", self.glance_url],
                 "endpoint_override": ["--endpoint-override",
                                       self.glance_url],
                 "catalog": ["--region", layout.REGION]}[mode]
        report = self.cli("nova-conf", "configure", "--config-file",
                          self.cloud.layout.nova_conf, "--mode", mode,
                          *where)
        self.cloud.restart("nova-api")
        return {"mode": mode, "added": report["files"][0]["added"]}

    def step_upgrade_check(self):
        report = self.cli("upgrade", "check", "--nova-conf",
                          self.cloud.layout.nova_conf)
        return {c["check"]: c["result"] for c in report["checks"]
                if c["result"]}

    def step_verify(self):
        report = self.cli("verify", "--nova-conf",
                          self.cloud.layout.nova_conf)
        return {s["step"]: s["seconds"] for s in report["steps"]}

    def step_tempest_conf(self):
        tempestrun.init_workspace(self.workspace)
        self.cli("tempest-conf", "configure", "--config-file",
                 tempestrun.config_file(self.workspace))
        return {"workspace": self.workspace}

    def step_tempest(self):
        report = self.cli(
            "tempest-run", "--workspace", self.workspace,
            "--regex", self.args.tempest_regex,
            "--exclude-list", self.args.tempest_exclude_list,
            "--concurrency", str(self.args.tempest_concurrency))
        return dict(report["counts"], seconds=round(report["seconds"]))

    def steps(self):
        return [
            ("cloud up", self.step_cloud_up),
            ("catalog ensure", self.step_catalog),
            ("nova-conf configure", self.step_nova_conf),
            ("upgrade check", self.step_upgrade_check),
            ("verify", self.step_verify),
            ("tempest-conf configure", self.step_tempest_conf),
            ("tempest image tests", self.step_tempest),
        ]


def _failed_rows(stdout):
    """What failed, from the JSON report of verify, upgrade check or
    tempest-run."""
    try:
        report = json.loads(stdout)
    except ValueError:
        return ""
    failed = [f"{s['step']}: {s['details']}"
              for s in (report.get("steps") or []) if s["result"] == "FAIL"]
    failed += [f"{c['check']}: {c['details']}"
               for c in (report.get("checks") or []) if c["result"] == 2]
    failed += report.get("problems") or []
    return ("; " + "; ".join(failed)) if failed else ""


def run(args):
    """Run the gate's steps on a fresh local cloud; the verdict."""
    gate = GateRun(args)
    result = None
    try:
        result = steps.run(gate.steps())
    finally:
        if not args.keep_cloud:
            # A failed run keeps its logs and tempest results to read.
            gate.cloud.down(purge=result is not None
                            and result.exit_code == errors.EXIT_OK)
    result.data["state_dir"] = gate.cloud.layout.root
    return result
