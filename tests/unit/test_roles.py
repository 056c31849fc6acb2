"""The Ansible roles' layout and documentation, as zuul-jobs checks it.

Every role has README.rst, defaults/main.yaml and tasks/main.yaml; every
variable of defaults/main.yaml is documented in the README as a
``.. zuul:rolevar::`` with the same default, and the README documents no
other variable. A variable several roles share has one default.
"""

import pathlib
import re

import pytest
import yaml

TOP = pathlib.Path(__file__).resolve().parents[2]
ROLES = sorted(p for p in (TOP / "roles").iterdir() if p.is_dir())
ROLEVAR = re.compile(
    r"^\.\. zuul:rolevar:: (?P<name>\S+)\n(?P<options>(?:   :.*\n)*)", re.M)

# The variables issue 11 names as the interface of the roles and playbooks.
INTERFACE = {
    "nova_glance_v2_glance_url", "nova_glance_v2_mode",
    "nova_glance_v2_nova_conf_files", "nova_glance_v2_os_cloud",
    "nova_glance_v2_clouds_yaml", "nova_glance_v2_region",
    "nova_glance_v2_interfaces", "nova_glance_v2_backup_dir",
    "nova_glance_v2_restart_command", "nova_glance_v2_executable",
}


def documented(role):
    """``{name: default}`` of the role's README (default as YAML)."""
    text = (role / "README.rst").read_text()
    found = {}
    for match in ROLEVAR.finditer(text):
        default = re.search(r"^   :default: (.*)$", match["options"], re.M)
        assert default, f"{role.name}: {match['name']} has no :default:"
        found[match["name"]] = yaml.safe_load(default[1])
    return found


def defaults(role):
    return yaml.safe_load((role / "defaults" / "main.yaml").read_text())


def test_roles_exist():
    names = {role.name for role in ROLES}
    assert {"install-nova-glance-v2", "ensure-glance-v2-catalog",
            "configure-nova-glance-v2", "configure-tempest-glance-v2",
            "check-nova-glance-v2-upgrade", "verify-nova-glance-v2",
            "rollback-nova-glance-v2",
            "apply-nova-glance-v2-patches"} <= names


@pytest.mark.parametrize("role", ROLES, ids=lambda role: role.name)
def test_role_layout(role):
    for part in ("README.rst", "defaults/main.yaml", "tasks/main.yaml"):
        assert (role / part).is_file(), f"{role.name}: no {part}"
    readme = (role / "README.rst").read_text()
    assert "\n**Role Variables**\n" in readme
    assert readme.split("\n\n")[0].rstrip().endswith(".")


@pytest.mark.parametrize("role", ROLES, ids=lambda role: role.name)
def test_defaults_documented_with_the_same_value(role):
    assert documented(role) == defaults(role)


def test_shared_variables_have_one_default():
    seen = {}
    for role in ROLES:
        for name, value in defaults(role).items():
            first = seen.setdefault(name, (role.name, value))
            assert value == first[1], (
                f"{name}: {role.name} has {value!r}, {first[0]} {first[1]!r}")
    assert INTERFACE <= set(seen)


def test_yaml_files_are_dot_yaml():
    for top in ("roles", "playbooks"):
        assert not list((TOP / top).rglob("*.yml"))
