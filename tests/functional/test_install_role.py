"""The install path operators and Zuul use, for real: no editable install.

install-nova-glance-v2 without ``nova_glance_v2_executable`` builds a
wheel of this checkout (pbr), installs it with ``constraints.txt`` into a
fresh virtualenv, and apply-nova-glance-v2-patches then patches nova with
that installed command: the series must come with the package.
"""

import filecmp
import json
import pathlib
import subprocess
import sys

import pytest

from tests.functional.test_ansible import ansible_playbook
from tests.functional.test_novapatch import nova_files  # noqa: F401

pytestmark = pytest.mark.functional

TOP = pathlib.Path(__file__).resolve().parents[2]
PLAY = """- name: Install nova-glance-v2 and patch nova
  hosts: localhost
  gather_facts: false
  roles:
    - apply-nova-glance-v2-patches
"""


# nova_files is test_novapatch's fixture, imported above.
def test_install_role_then_patch_role(nova_files, tmp_path):  # noqa: F811
    venv = tmp_path / "venv"
    playbook = tmp_path / "install.yaml"
    playbook.write_text(PLAY)
    run = ansible_playbook(
        playbook, tmp_path,
        "-e", f"nova_glance_v2_venv={venv}",
        "-e", f"nova_glance_v2_nova_dir={nova_files / 'nova'}",
        "-e", f"ansible_python_interpreter={sys.executable}",
        "-c", "local", "-i", "localhost,")
    assert run.rc == 0, run.output[-3000:]
    assert "GlanceClientWrapper" not in (
        nova_files / "nova" / "image" / "glance.py").read_text()

    # A real install in the venv, not a link back to this checkout.
    where = subprocess.run(
        [venv / "bin" / "python", "-c",
         "import json, importlib.metadata as m, nova_glance_v2 as p;"
         "d = m.distribution('nova-glance-v2');"
         "print(json.dumps([p.__file__, d.read_text('direct_url.json')]))"],
        capture_output=True, text=True, check=True, timeout=60)
    package_file, direct_url = json.loads(where.stdout)
    assert package_file.startswith(str(venv))
    assert '"editable": true' not in (direct_url or "")
    installed = pathlib.Path(package_file).parent / "data" / "nova-patches"
    assert not installed.is_symlink()
    names = (TOP / "patches" / "nova" / "series").read_text().split()
    match, mismatch, errors = filecmp.cmpfiles(
        TOP / "patches" / "nova", installed, ["series", *names],
        shallow=False)
    assert (mismatch, errors) == ([], [])

    status = subprocess.run(
        [venv / "bin" / "nova-glance-v2", "-f", "json", "nova-patch",
         "status", "--nova-dir", str(nova_files)],
        capture_output=True, text=True, timeout=120)
    assert status.returncode == 0, status.stderr
    report = json.loads(status.stdout)
    assert report["series"] == str(installed)
    assert (report["state"], report["wrapper_present"]) == ("applied", False)

    # Operators get the product only: no harness command, no harness code.
    usage = subprocess.run(
        [venv / "bin" / "nova-glance-v2", "--help"],
        capture_output=True, text=True, check=True, timeout=60).stdout
    commands = usage.split("positional arguments:")[1].split(
        "{", 1)[1].split("}", 1)[0].split(",")
    assert "nova-patch" in commands
    assert not {"cloud", "gate", "bench"} & set(commands)
    assert not (venv / "bin" / "nova-glance-v2-harness").exists()
    assert not list(venv.glob("lib/python*/site-packages/"
                              "nova_glance_v2_harness"))
