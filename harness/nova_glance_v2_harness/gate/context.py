"""What the gate's steps share: the local cloud, its status, the CLI.

Each step of the gate is a real ``nova-glance-v2`` process (or
``ansible-playbook``), run against the local cloud through its
clouds.yaml, as an operator or the devstack plugin would run it. A
failing one's last stderr line says why; tempest-run's stderr (its
running counts) is passed through to the gate's progress as it comes.
"""

import dataclasses
import json
import os
import subprocess
import sys
import threading

from nova_glance_v2 import errors
from nova_glance_v2.novapatch import runtime
from nova_glance_v2_harness.localcloud import cloud as cloud_mod
from nova_glance_v2_harness.localcloud import layout
from nova_glance_v2_harness.localcloud import nova_overlay


@dataclasses.dataclass(frozen=True, kw_only=True)
class Options:
    """What a gate run was asked to do (``nova-glance-v2-harness gate``'s
    options).

    ``ports`` maps each service to its port; ``extra_hosts`` are parsed
    :func:`.playbooks.parse_extra_host` values; ``checkout`` is the
    nova-glance-v2 tree whose playbooks and Zuul jobs the gate runs.
    """

    scenario: str
    nova: str
    state_dir: str
    ports: dict
    keep_cloud: bool
    nova_mode: str
    extra_hosts: list
    tempest_regex: str
    tempest_exclude_list: str
    tempest_concurrency: int
    checkout: str


class Gate:
    """The context the steps share: the cloud and what it reported."""

    def __init__(self, options, progress):
        self.options = options
        self.progress = progress
        self.cloud = cloud_mod.LocalCloud(options.state_dir)
        self.status = None
        self.workspace = self.cloud.layout.tempest_workspace
        # What steps found, for the report: tempest's JSON, the images
        # uploaded before the upgrade, the seeded files...
        self.found = {}

    @property
    def root(self):
        return self.cloud.layout.root

    def path(self, *parts):
        """A path under the gate's own part of the state directory."""
        return os.path.join(self.root, "gate", *parts)

    def env(self):
        """The environment a command against the local cloud runs with.

        In-process nova (verify, nova-conf probe) is the nova the cloud's
        nova-api runs (see novapatch.runtime).
        """
        env = dict(os.environ,
                   OS_CLIENT_CONFIG_FILE=self.status["clouds_yaml"],
                   OS_CLOUD=layout.CLOUD_NAME)
        env.pop(runtime.ENV_PATH, None)
        nova_path = nova_overlay.pythonpath(
            self.status["services"]["nova-api"]["nova"])
        if nova_path:
            env[runtime.ENV_PATH] = nova_path
        return env

    def run(self, argv, allowed=(0,), env=None, cwd=None, relay=False):
        """Run ``argv``; with ``relay``, its stderr lines go to the
        progress as they come (tempest-run's running counts).

        Returns ``(returncode, stdout)``; an exit code not in ``allowed``
        raises CheckFailed with the last stderr line.
        """
        proc = subprocess.Popen(
            argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env=env or self.env(), cwd=cwd, stdin=subprocess.DEVNULL)
        last = []

        def read_stderr():
            for line in proc.stderr:
                if line.strip():
                    last[:] = [line.strip()]
                    if relay:
                        self.progress.note(line.rstrip())

        reader = threading.Thread(target=read_stderr, daemon=True)
        reader.start()
        stdout = proc.stdout.read()
        proc.wait()
        reader.join()
        if proc.returncode not in allowed:
            raise errors.CheckFailed(
                f"{os.path.basename(argv[0])} {' '.join(argv[1:])} exited "
                f"{proc.returncode}" + (f": {last[0]}" if last else "")
                + _failed_rows(stdout))
        return proc.returncode, stdout

    def cli(self, *argv, allowed=(0,), relay=False):
        """Run ``nova-glance-v2 -f json ARGV``; its JSON report."""
        _, stdout = self.run(
            [sys.executable, "-m", "nova_glance_v2.cli", "-f", "json",
             *argv], allowed=allowed, relay=relay)
        try:
            report = json.loads(stdout)
        except ValueError:
            report = None
        if not isinstance(report, dict):
            # An allowed exit code without a report: nothing to judge by.
            raise errors.CheckFailed(
                f"nova-glance-v2 {' '.join(argv)} printed no JSON report")
        return report

    @property
    def glance_url(self):
        return self.status["services"]["glance"]["url"]

    @property
    def nova_conf(self):
        return self.cloud.layout.nova_conf


def _failed_rows(stdout):
    """What failed, from the JSON report of verify, upgrade check or
    tempest-run."""
    try:
        report = json.loads(stdout)
    except ValueError:
        return ""
    if not isinstance(report, dict):
        return ""
    failed = [f"{s['step']}: {s['details']}"
              for s in (report.get("steps") or []) if s["result"] == "FAIL"]
    failed += [f"{c['check']}: {c['details']}"
               for c in (report.get("checks") or []) if c["result"] == 2]
    failed += report.get("problems") or []
    return ("; " + "; ".join(failed)) if failed else ""
