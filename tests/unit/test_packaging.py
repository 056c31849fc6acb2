"""The packaging devstack and pip rely on: pbr's setup.cfg."""

import configparser
import os
import pathlib
import subprocess

TOP = pathlib.Path(__file__).resolve().parents[2]
# devstack's own tree: $NGV2_DEVSTACK_DIR (a checkout of your own), else
# the unmodified snapshot beside this repository.
DEVSTACK_DIR = pathlib.Path(os.environ.get(
    "NGV2_DEVSTACK_DIR", TOP.parent / "shared" / "upstream" / "devstack"))
DEVSTACK_PYTHON = DEVSTACK_DIR / "inc" / "python"


def test_devstack_setup_develop_reads_the_name():
    # devstack's setup_develop: name=$(awk '/^name.*=/ {print $3}' setup.cfg)
    assert ("awk '/^name.*=/ {print $3}' $project_dir/setup.cfg"
            in DEVSTACK_PYTHON.read_text())
    name = subprocess.run(
        ["awk", "/^name.*=/ {print $3}", str(TOP / "setup.cfg")],
        capture_output=True, text=True, check=True, timeout=10).stdout
    assert name == "nova-glance-v2\n"


def test_the_series_is_package_data():
    setup_cfg = configparser.ConfigParser()
    setup_cfg.read(TOP / "setup.cfg")
    data = setup_cfg["files"]["package_data"]
    # Where the link points is test_series' to check.
    assert "data/nova-patches/*" in data
    assert (TOP / "tools" / "nova_glance_v2" / "data"
            / "nova-patches").is_symlink()
