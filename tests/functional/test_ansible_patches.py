"""apply-nova-glance-v2-patches, run by ansible-playbook on a nova tree.

The tree is a copy of the installed nova files the series touches (the
venv is never modified): check mode reports the change and leaves the
tree alone, a real run removes GlanceClientWrapper, a second run changes
nothing.
"""

import sys

import pytest

from tests.functional.test_ansible import CLI
from tests.functional.test_ansible import ansible_playbook
from tests.functional.test_novapatch import nova_files  # noqa: F401
from tests.functional.test_novapatch import tree_hash

pytestmark = pytest.mark.functional

PLAY = """- name: Patch nova
  hosts: localhost
  gather_facts: false
  roles:
    - apply-nova-glance-v2-patches
"""


# nova_files is test_novapatch's fixture, imported above.
def test_patches_role_applies_once_and_checks_first(
        nova_files, tmp_path):  # noqa: F811
    playbook = tmp_path / "patch.yaml"
    playbook.write_text(PLAY)
    extra = ["-e", f"nova_glance_v2_executable={CLI}",
             "-e", f"nova_glance_v2_nova_dir={nova_files / 'nova'}",
             "-e", f"ansible_python_interpreter={sys.executable}",
             "-c", "local", "-i", "localhost,"]
    before = tree_hash(nova_files)
    check = ansible_playbook(playbook, tmp_path, *extra, "--check")
    assert check.rc == 0, check.output[-3000:]
    assert check.recap["localhost"]["changed"] == 1
    assert tree_hash(nova_files) == before

    applied = ansible_playbook(playbook, tmp_path, *extra)
    assert applied.rc == 0, applied.output[-3000:]
    assert applied.recap["localhost"]["changed"] == 1
    assert "GlanceClientWrapper" not in (
        nova_files / "nova" / "image" / "glance.py").read_text()

    again = ansible_playbook(playbook, tmp_path, *extra)
    assert again.rc == 0, again.output[-3000:]
    assert again.recap["localhost"]["changed"] == 0
