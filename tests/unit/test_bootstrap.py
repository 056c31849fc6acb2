"""tools/lib/venv.sh on a machine that lacks what the bootstrap needs."""

import os
import pathlib
import subprocess
import sys

VENV_SH = pathlib.Path(__file__).parents[2] / "tools" / "lib" / "venv.sh"


def test_missing_prerequisites_are_named_before_anything_runs(tmp_path):
    # A PATH with this Python and bash only: no git, no gcc.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, target in (("python3", sys.executable),
                         ("bash", "/bin/bash")):
        os.symlink(target, bin_dir / name)
    done = subprocess.run(
        ["/bin/bash", "-c",
         f"source {VENV_SH}; ngv2_check_prerequisites"],
        capture_output=True, text=True, check=False,
        env={"PATH": str(bin_dir), "NGV2_PYTHON": "python3"})
    assert done.returncode == 2
    assert "missing:" in done.stderr
    assert "git" in done.stderr and "gcc" in done.stderr


def test_this_machine_has_them():
    done = subprocess.run(
        ["/bin/bash", "-c", f"source {VENV_SH}; ngv2_check_prerequisites"],
        capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
