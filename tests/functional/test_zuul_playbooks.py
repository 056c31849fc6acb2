"""Playbooks of the Zuul jobs, run for real on this machine.

Each runs with ``ansible-playbook`` on localhost, with the ``zuul``
variables a Zuul executor would give:

- ``playbooks/zuul/local-gate/run.yaml`` runs ``tools/gate`` in the
  checkout (conftest's ``upgrade_gate``, the session's one gate run); it
  must end with the gate's PASS and leave its report for post-run.
- ``playbooks/zuul/pre-nova-patches.yaml`` applies the wrapper-free series
  to a git tree of the pinned nova release, made from its PyPI sdist: no
  ``GlanceClientWrapper`` left, and a second run changes nothing.
"""

import os
import re
import subprocess
import sys
import tarfile

import pytest

from tests.functional.conftest import run_zuul_playbook

pytestmark = pytest.mark.functional

TOP = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))


def test_local_gate_run_playbook_passes(upgrade_gate):
    """The session's one gate run (conftest) went through the playbook."""
    assert upgrade_gate.playbook.returncode == 0, (
        upgrade_gate.playbook.stdout[-3000:]
        + upgrade_gate.playbook.stderr[-2000:])
    assert '"msg": "tools/gate: PASS"' in upgrade_gate.playbook.stdout
    # What post-run collects: the report, the logs it links and the
    # progress lines.
    summary = upgrade_gate.summary
    report = upgrade_gate.state_dir / "report"
    assert summary["verdict"] == "PASS"
    assert {s["result"] for s in summary["steps"]} == {"PASS"}
    assert (report / "index.html").is_file()
    for log in summary["logs"].values():
        assert (report / log).is_file(), log
    assert "] PASS tempest (" in upgrade_gate.progress


NOVA = "opendev.org/openstack/nova"
PROJECT = "opendev.org/x/nova-glance-v2"
PRE_RUN = os.path.join(TOP, "playbooks", "zuul", "pre-nova-patches.yaml")
RECAP = re.compile(r"^localhost\s+:\s+ok=(\d+)\s+changed=(\d+)", re.MULTILINE)


def pinned_version(name):
    with open(os.path.join(TOP, "constraints.txt")) as stream:
        for line in stream:
            if line.lower().startswith(f"{name}=="):
                return line.split("==", 1)[1].strip()
    raise AssertionError(f"{name} is not pinned in constraints.txt")


@pytest.fixture(scope="module")
def nova_git_tree(tmp_path_factory):
    """A git checkout of the pinned nova release, from its PyPI sdist."""
    base = tmp_path_factory.mktemp("nova-sdist")
    version = pinned_version("nova")
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
         "--no-binary", ":all:", f"nova=={version}", "-d", str(base)],
        check=True, capture_output=True, timeout=600)
    with tarfile.open(base / f"nova-{version}.tar.gz") as sdist:
        sdist.extractall(base, filter="data")
    tree = base / f"nova-{version}"
    git = ["git", "-C", str(tree), "-c", "user.name=nova-glance-v2 tests",
           "-c", "user.email=tests@nova-glance-v2.invalid"]
    for argv in (["init", "-q"], ["add", "-A"],
                 ["commit", "-q", "-m", f"nova {version} (sdist)"],
                 ["tag", version]):
        subprocess.run(git + argv, check=True, capture_output=True)
    return tree


def git_out(tree, *argv, check=True):
    return subprocess.run(["git", "-C", str(tree), *argv],
                          capture_output=True, text=True,
                          check=check).stdout.strip()


def recap(done):
    """``(ok, changed)`` of localhost from the play recap."""
    found = RECAP.findall(done.stdout)
    assert found, done.stdout[-3000:] + done.stderr[-2000:]
    return tuple(int(n) for n in found[-1])


def test_pre_run_playbook_removes_the_wrapper_once(nova_git_tree):
    extra_vars = {
        "zuul": {"projects": {NOVA: {"src_dir": str(nova_git_tree)},
                              PROJECT: {"src_dir": TOP}}},
        "nova_glance_v2_executable": os.path.join(
            os.path.dirname(sys.executable), "nova-glance-v2")}
    glance_py = nova_git_tree / "nova" / "image" / "glance.py"
    assert "class GlanceClientWrapper" in glance_py.read_text()

    first = run_zuul_playbook(PRE_RUN, extra_vars, timeout=600)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr
    assert recap(first)[1] >= 1
    assert "GlanceClientWrapper" not in glance_py.read_text()
    assert git_out(nova_git_tree, "grep", "-l", "GlanceClientWrapper",
                   "--", "nova", check=False) == ""
    assert git_out(nova_git_tree, "log", "--oneline",
                   f"{pinned_version('nova')}..HEAD"), \
        "the series was not committed (git am)"
    assert git_out(nova_git_tree, "status", "--porcelain") == ""

    second = run_zuul_playbook(PRE_RUN, extra_vars, timeout=600)
    assert second.returncode == 0, second.stdout[-3000:] + second.stderr
    assert recap(second)[1] == 0
