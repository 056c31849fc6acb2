"""zuul.d/ checked offline with Zuul's own code, and the docs built.

``tests/zuul/zuulcheck.py`` runs in the zuul venv (``.venv-zuul``, which
tools/test creates); these tests drive it against the repository and
against copies broken on purpose, each of which it must reject. The
tempest test list comes from the pinned tempest of the project's venv.
"""

import json
import os
import shutil
import subprocess
import sys

import pytest

pytestmark = pytest.mark.functional

TOP = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
CHECKER = os.path.join(TOP, "tests", "zuul", "zuulcheck.py")
# What the checker reads; a mutation test checks a copy of these.
CHECKED_PATHS = ("zuul.d", "playbooks", "roles", "devstack",
                 os.path.join("tests", "zuul", "upstream.yaml"))
OUR_JOBS = {
    "nova-glance-v2-tempest", "nova-glance-v2-tempest-catalog",
    "nova-glance-v2-tempest-stock-nova", "nova-glance-v2-multinode",
    "nova-glance-v2-grenade", "nova-glance-v2-local-gate",
    "nova-glance-v2-linters",
}
TEMPEST_JOBS = ("nova-glance-v2-tempest", "nova-glance-v2-tempest-catalog",
                "nova-glance-v2-tempest-stock-nova",
                "nova-glance-v2-multinode")


def zuul_venv_bin(name):
    venv = os.environ.get("NGV2_ZUUL_VENV",
                          os.path.join(TOP, ".venv-zuul"))
    path = os.path.join(venv, "bin", name)
    if not os.access(path, os.X_OK):
        pytest.fail(f"{path} is missing: tools/test creates the zuul venv "
                    "(tools/lib/venv.sh, ngv2_bootstrap_zuul_venv)")
    return path


@pytest.fixture(scope="module")
def tempest_tests(tmp_path_factory):
    """The pinned tempest's test ids, as ``tempest run --list-tests``."""
    tempest = os.path.join(os.path.dirname(sys.executable), "tempest")
    base = tmp_path_factory.mktemp("tempest")
    workspace = base / "workspace"
    # A registry of its own: ~/.tempest/workspace.yaml is shared.
    subprocess.run([tempest, "init", "--workspace-path",
                    str(base / "workspace.yaml"), str(workspace)],
                   check=True, capture_output=True)
    listed = subprocess.run([tempest, "run", "--list-tests"],
                            cwd=workspace, check=True, capture_output=True,
                            text=True).stdout
    tests = [line for line in listed.splitlines()
             if line.startswith("tempest.")]
    path = workspace / "tests.txt"
    path.write_text("\n".join(tests) + "\n")
    return path, tests


def run_check(root, tempest_list=None):
    argv = [zuul_venv_bin("python"), CHECKER, "--root", str(root)]
    if tempest_list:
        argv += ["--tempest-tests", str(tempest_list)]
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    assert done.returncode in (0, 1), done.stderr
    return done.returncode, json.loads(done.stdout)


def test_zuul_config_passes(tempest_tests):
    rc, report = run_check(TOP, tempest_tests[0])
    assert report["errors"] == []
    assert rc == 0
    assert set(report["jobs"]) == OUR_JOBS


def test_tempest_selection_has_image_and_compute_image_tests(tempest_tests):
    _, tests = tempest_tests
    image_api = {t for t in tests if t.startswith("tempest.api.image.")}
    compute_images = {t for t in tests
                      if t.startswith("tempest.api.compute.images.")}
    assert image_api and compute_images
    _, report = run_check(TOP, tempest_tests[0])
    for job in TEMPEST_JOBS:
        selected = set(report["selections"][job]["tests"])
        assert image_api <= selected, job
        assert compute_images <= selected, job
        # Nothing else than image tests: the job is about images.
        assert all(".image" in t or "snapshot" in t or "minimum_basic" in t
                   for t in selected), job


@pytest.fixture
def repo_copy(tmp_path):
    for rel in CHECKED_PATHS:
        source = os.path.join(TOP, rel)
        target = tmp_path / rel
        if os.path.isdir(source):
            shutil.copytree(source, target)
        elif os.path.exists(source):
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, target)
    return tmp_path


def replace_once(path, old, new):
    text = path.read_text()
    assert text.count(old) >= 1, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


JOBS = os.path.join("zuul.d", "jobs.yaml")
MUTATIONS = {
    "misspelled attribute": (
        JOBS, "    timeout: 7200", "    timout: 7200",
        "extra keys not allowed @ data['timout']"),
    "duplicate key": (
        JOBS, "      tox_envlist: all\n",
        "      tox_envlist: all\n      tox_envlist: all\n",
        '"tox_envlist" appears more than once'),
    "unknown parent": (
        JOBS, "parent: grenade\n", "parent: grenade-full\n",
        "parent grenade-full is neither ours nor pinned"),
    "undefined devstack variable": (
        JOBS, "NOVA_GLANCE_V2_MODE: catalog", "NOVA_GLANCE_V2_MOD: catalog",
        "NOVA_GLANCE_V2_MOD is not defined in devstack/settings"),
    "regex selecting nothing": (
        JOBS, r"tempest_test_regex: ^tempest\.(",
        r"tempest_test_regex: ^tempest\.v1\.(",
        "tempest_test_regex selects no test"),
    "regex that does not compile": (
        JOBS, r"tempest_test_regex: ^tempest\.(",
        r"tempest_test_regex: ^tempest\.((", "missing ), unterminated"),
    "job defined twice": (
        JOBS, "    name: nova-glance-v2-tempest-catalog\n",
        "    name: nova-glance-v2-tempest\n",
        "job nova-glance-v2-tempest defined twice"),
    "job without description": (
        JOBS, "    description: |\n      The project's linters",
        "    variant-description: |\n      The project's linters",
        "job nova-glance-v2-linters has no description"),
    "unknown job in a template": (
        os.path.join("zuul.d", "project-templates.yaml"),
        "        - nova-glance-v2-grenade\n",
        "        - nova-glance-v2-upgrade\n",
        "unknown job nova-glance-v2-upgrade"),
}


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_mutation_is_rejected(repo_copy, tempest_tests, name):
    rel, old, new, expected = MUTATIONS[name]
    replace_once(repo_copy / rel, old, new)
    rc, report = run_check(repo_copy, tempest_tests[0])
    assert rc == 1
    assert any(expected in error for error in report["errors"]), \
        report["errors"]


def test_missing_playbook_is_rejected(repo_copy):
    os.remove(repo_copy / "playbooks" / "zuul" / "local-gate" / "run.yaml")
    rc, report = run_check(repo_copy)
    assert rc == 1
    assert any("playbook playbooks/zuul/local-gate/run.yaml not found" in e
               for e in report["errors"]), report["errors"]


def test_missing_role_is_rejected(repo_copy):
    replace_once(repo_copy / "playbooks" / "zuul" / "pre-nova-patches.yaml",
                 "name: apply-nova-glance-v2-patches",
                 "name: apply-nova-patches")
    rc, report = run_check(repo_copy)
    assert rc == 1
    assert any("role apply-nova-patches not found in roles/" in e
               for e in report["errors"]), report["errors"]


def test_yml_file_is_rejected(repo_copy):
    (repo_copy / "zuul.d" / "extra.yml").write_text("- job:\n    name: x\n")
    rc, report = run_check(repo_copy)
    assert rc == 1
    assert "zuul.d/extra.yml: not a .yaml file" in report["errors"][0]


def test_docs_build_with_every_job_and_role(tmp_path):
    done = subprocess.run(
        [zuul_venv_bin("sphinx-build"), "-W", "-q", "-b", "html",
         os.path.join(TOP, "doc", "source"), str(tmp_path)],
        capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    jobs_page = (tmp_path / "jobs.html").read_text()
    for job in OUR_JOBS:
        assert f'id="job-{job}"' in jobs_page, job
    roles_page = (tmp_path / "roles.html").read_text()
    roles_dir = os.path.join(TOP, "roles")
    for role in (os.listdir(roles_dir) if os.path.isdir(roles_dir) else []):
        assert f'id="role-{role}"' in roles_page, role
