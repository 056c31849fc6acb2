"""The package's shape: module sizes, lazy command modules, the harness.

Checked on the source and in fresh interpreters, so nothing another test
imported earlier can hide a regression.
"""

import ast
import pathlib
import subprocess
import sys

import pytest

import nova_glance_v2
import nova_glance_v2_harness

PACKAGE = pathlib.Path(nova_glance_v2.__file__).parent
MODULES = sorted(PACKAGE.rglob("*.py"))
HARNESS_MODULES = sorted(
    pathlib.Path(nova_glance_v2_harness.__file__).parent.rglob("*.py"))
MAX_LINES = 500
# The development harness: product code never imports it.
HARNESS = nova_glance_v2_harness.__name__
# What an offline command must not load just to build its parser.
HEAVY = ("openstack", "keystoneauth1", "glanceclient", "oslo_upgradecheck",
         "tempest", "oslo_config", "configupdater", "requests")


def _name(path):
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path):
    """Absolute module names ``path`` imports, at any level."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}"
                         for alias in node.names)
    return found


def _is_harness(name):
    return name.split(".")[0] == HARNESS


@pytest.mark.parametrize("path", MODULES + HARNESS_MODULES, ids=str)
def test_no_module_over_the_limit(path):
    lines = len(path.read_text().splitlines())
    assert lines <= MAX_LINES, f"{path}: {lines} lines; split it"


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_product_code_never_imports_the_harness(path):
    assert not [name for name in _imports(path) if _is_harness(name)]


def _loaded_after(*argv):
    code = (
        "import sys\n"
        "from nova_glance_v2 import cli\n"
        "try:\n"
        f"    cli.main({list(argv)!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.stderr.write('\\n'.join(sorted(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True,
                          text=True, check=True)
    return done.stderr.split()


@pytest.mark.parametrize("argv", [
    ("--help",), ("nova-conf", "configure", "--help"),
    ("catalog", "ensure", "--help"), ("tempest-conf", "configure", "--help"),
])
def test_help_loads_no_openstack_library(argv):
    loaded = _loaded_after(*argv)
    heavy = [m for m in loaded if m.split(".")[0] in HEAVY]
    assert heavy == []


def test_operators_help_has_no_harness_command():
    done = subprocess.run(
        [sys.executable, "-m", "nova_glance_v2.cli", "--help"],
        capture_output=True, text=True, check=True)
    commands = done.stdout.split("positional arguments:")[1].split(
        "{", 1)[1].split("}", 1)[0].split(",")
    assert "catalog" in commands
    assert not {"cloud", "gate", "bench"} & set(commands)
    assert not [m for m in _loaded_after("--help") if _is_harness(m)]


def test_nova_conf_configure_help_importtime():
    """What the issue asks, as asked: ``python -X importtime``."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "nova_glance_v2.cli",
         "nova-conf", "configure", "--help"],
        capture_output=True, text=True, check=True)
    imported = {line.rsplit("|", 1)[-1].strip()
                for line in done.stderr.splitlines() if "|" in line}
    assert "nova_glance_v2.cli.nova_conf" in imported
    assert {name.split(".")[0] for name in imported} & set(HEAVY) == set()


def test_command_modules_load_no_domain_module_at_start():
    loaded = _loaded_after("--help")
    domain = [m for m in loaded if m.startswith("nova_glance_v2.")
              and m.count(".") > 1 and not m.startswith("nova_glance_v2.cli")]
    assert domain == []


def test_a_cloud_command_skips_osprofiler(tmp_path, monkeypatch):
    """keystoneauth loads, its optional tracing hooks do not (see
    cli._skip_tracing_hooks): the start-up ``bench catalog`` measures."""
    clouds = tmp_path / "clouds.yaml"
    clouds.write_text("clouds: {}\n")
    monkeypatch.setenv("OS_CLIENT_CONFIG_FILE", str(clouds))
    loaded = _loaded_after("--os-cloud", "nosuchcloud", "catalog", "ensure",
                           "--url", "http://127.0.0.1:9292")
    assert "keystoneauth1.session" in loaded
    # The package itself: "osprofiler.web" is listed, as None.
    assert "osprofiler" not in loaded
