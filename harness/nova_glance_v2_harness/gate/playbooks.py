"""The gate's inventory and its ``ansible-playbook`` runs.

The upgrade goes through ``playbooks/upgrade.yaml`` exactly as a deployer
runs it, from the top of the checkout, against an inventory the gate
writes under ``STATE_DIR/gate/``: host ``api`` is the local cloud's
nova-api (its nova.conf, its backups, and a restart command that restarts
it, called by the role's handler). ``--extra-host NAME=FILE[,FILE]`` adds
hosts whose nova config files are copied in and go through the same
playbooks as they are, not seeded (a copy of a real deployment's
nova.conf, say); nothing runs from them, so their restart is a no-op.
"""

import os
import re
import shutil
import subprocess
import sys

import yaml

from nova_glance_v2 import errors
from nova_glance_v2 import executables
from nova_glance_v2_harness.localcloud import layout

RECAP = re.compile(r"^(?P<host>\S+)\s+: ok=(?P<ok>\d+)\s+changed=(?P<changed>"
                   r"\d+)\s+unreachable=(?P<unreachable>\d+)\s+failed="
                   r"(?P<failed>\d+)", re.M)
FATAL = re.compile(r"^fatal: \[(?P<host>[^\]]+)\]: (?P<what>.*)$", re.M)
TIMEOUT = 900


def parse_extra_host(text):
    """``NAME=FILE[,FILE...]`` -> ``(name, [files])``."""
    name, sep, files = text.partition("=")
    if not sep or not re.fullmatch(r"[A-Za-z][\w.-]*", name) or not files:
        raise errors.BadInput(
            f"--extra-host {text}: expected NAME=FILE[,FILE...]")
    paths = [os.path.abspath(f) for f in files.split(",") if f]
    for path in paths:
        if not os.path.isfile(path):
            raise errors.BadInput(f"--extra-host {name}: {path}: no such "
                                  "file")
    if name == "api":
        raise errors.BadInput("--extra-host api: the name is the local "
                              "cloud's nova-api host")
    return name, paths


class Hosts:
    """The inventory's hosts and their nova config files."""

    def __init__(self, gate, extra=()):
        self.gate = gate
        self.extra = dict(extra or ())

    def host_dir(self, host):
        return self.gate.path("hosts", host)

    def files_of(self, host):
        if host == "api":
            return [self.gate.nova_conf]
        return [os.path.join(self.host_dir(host), os.path.basename(path))
                for path in self.extra[host]]

    def names(self):
        return ["api", *self.extra]

    def files(self):
        return [path for host in self.names() for path in self.files_of(host)]

    def seeded_files(self):
        """The files ``legacy seed`` puts into a v1-era state."""
        return self.files_of("api")

    def write(self):
        """Copy the extra hosts' files in; make every backup directory."""
        for host in self.names():
            os.makedirs(os.path.join(self.host_dir(host), "backups"),
                        mode=0o700, exist_ok=True)
        for host, sources in self.extra.items():
            for source, target in zip(sources, self.files_of(host),
                                      strict=True):
                shutil.copyfile(source, target)

    def contents(self):
        result = {}
        for path in self.files():
            with open(path, "rb") as stream:
                result[path] = stream.read()
        return result

    def restart_command(self, host):
        if host == "api":
            harness = executables.beside_python("nova-glance-v2-harness")
            return (f"{harness} cloud restart nova-api "
                    f"--state-dir {self.gate.root}")
        return "true"

    def inventory(self):
        """Write the inventory; return its path."""
        status = self.gate.status
        common = {
            "ansible_connection": "local",
            "ansible_python_interpreter": sys.executable,
            "nova_glance_v2_executable": os.path.join(
                os.path.dirname(sys.executable), "nova-glance-v2"),
            "nova_glance_v2_os_cloud": layout.CLOUD_NAME,
            "nova_glance_v2_clouds_yaml": status["clouds_yaml"],
            "nova_glance_v2_glance_url": self.gate.glance_url,
            "nova_glance_v2_verify_image_size": 1,
        }
        hosts = {host: {
            "nova_glance_v2_nova_conf_files": self.files_of(host),
            "nova_glance_v2_backup_dir": os.path.join(self.host_dir(host),
                                                      "backups"),
            "nova_glance_v2_restart_command": self.restart_command(host),
        } for host in self.names()}
        path = self.gate.path("inventory.yaml")
        with open(path, "w") as stream:
            yaml.safe_dump({"all": {"vars": common, "children": {
                "nova": {"hosts": hosts}}}}, stream)
        return path


def run(gate, playbook):
    """``ansible-playbook -i INVENTORY playbooks/PLAYBOOK``; the recap.

    The whole output goes to ``STATE_DIR/gate/ansible-*.log``; a failed
    run raises CheckFailed naming the hosts that failed and why.
    """
    top = gate.options.checkout
    path = os.path.join(top, "playbooks", playbook)
    if not os.path.isfile(path):
        raise errors.BadInput(f"{path}: no such playbook (the gate runs "
                              "from a checkout of nova-glance-v2)")
    inventory = gate.hosts.inventory()
    runs = gate.found.setdefault("playbook_logs", [])
    log = gate.path(f"ansible-{len(runs) + 1}-{playbook}.log")
    runs.append(log)
    bin_dir = os.path.dirname(sys.executable)
    env = dict(gate.env(), ANSIBLE_CONFIG=os.path.join(top, "ansible.cfg"),
               ANSIBLE_NOCOLOR="1",
               ANSIBLE_LOCAL_TEMP=gate.path("ansible-tmp", "local"),
               ANSIBLE_REMOTE_TEMP=gate.path("ansible-tmp", "remote"),
               PATH=f"{bin_dir}:{os.environ.get('PATH', '')}")
    gate.progress.note(f"ansible-playbook {playbook}: output in {log}")
    with open(log, "w") as out:
        try:
            done = subprocess.run(
                [os.path.join(bin_dir, "ansible-playbook"), "-i", inventory,
                 path], cwd=top, env=env, stdout=out,
                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                timeout=TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise errors.CheckFailed(
                f"ansible-playbook {playbook} took more than {TIMEOUT} s; "
                f"see {log}") from None
    with open(log) as stream:
        output = stream.read()
    recap = {m["host"]: {k: int(m[k]) for k in
                         ("ok", "changed", "unreachable", "failed")}
             for m in RECAP.finditer(output)}
    failed = sorted(h for h, r in recap.items()
                    if r["failed"] or r["unreachable"])
    if done.returncode or failed:
        why = {m["host"]: m["what"][:300] for m in FATAL.finditer(output)}
        hosts = ", ".join(f"{h} ({why.get(h, 'see the log')})"
                          for h in failed) or "no host recapped"
        raise errors.CheckFailed(
            f"ansible-playbook {playbook} exited {done.returncode}; failed "
            f"on {hosts}; see {log}")
    return {"recap": recap, "log": log}
