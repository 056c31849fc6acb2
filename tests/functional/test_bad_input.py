"""The bad-input corpus (``tests/badinput/cases.yaml``), one run per case.

Each case runs the real command on inputs made for it and must give its
exit code, exactly one line on stderr naming what is wrong (a file, line,
option or value), no traceback, no planted secret anywhere in the output,
and leave every input byte-identical with no temporary or backup file
next to it.
"""

import pytest
import yaml

from tests import badinput
from tests.functional import figures
from tests.functional.conftest import run_cli

CASES = badinput.load_cases()


def _cloud_env(request, case, directory):
    """The environment of the case: no cloud, the session's cloud, or the
    session's cloud with a wrong password."""
    kind = case.get("cloud", "none")
    env = {"OS_CLOUD": "", "OS_CLIENT_CONFIG_FILE": str(
        directory.parent / "no-clouds.yaml")}
    env.update({key: value.replace("{in}", str(directory))
                for key, value in (case.get("env") or {}).items()})
    if kind == "none":
        return env, {}
    cloud_env = request.getfixturevalue("cloud_env")
    _, status = request.getfixturevalue("local_cloud")
    env.update(cloud_env)
    if kind == "wrong-password":
        with open(status["clouds_yaml"]) as clouds_file:
            clouds = yaml.safe_load(clouds_file)
        clouds["clouds"][cloud_env["OS_CLOUD"]]["auth"]["password"] = (
            badinput.SECRET)
        wrong = directory.parent / "wrong-clouds.yaml"
        wrong.write_text(yaml.safe_dump(clouds))
        env["OS_CLIENT_CONFIG_FILE"] = str(wrong)
    urls = {f"{{{name}}}": report["url"]
            for name, report in status["services"].items()}
    return env, urls


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_bad_input(request, case, tmp_path):
    inputs = tmp_path / "in"
    argv = badinput.materialize(case, inputs)
    try:
        env, urls = _cloud_env(request, case, inputs)
        for placeholder, url in urls.items():
            argv = [arg.replace(placeholder, url) for arg in argv]
        before = badinput.snapshot(inputs)
        # A command that blocks (on a FIFO, say) fails the case in time.
        done = run_cli(*argv, env=env, check=False, timeout=120)
        after = badinput.snapshot(inputs)
    finally:
        badinput.release(case, inputs)
    figures.count("bad-input cases tried")
    output = done.stdout + done.stderr
    assert done.returncode == case["exit"], output
    assert "Traceback" not in output
    assert badinput.SECRET not in output
    assert after == before, "inputs changed or files were left behind"
    lines = done.stderr.strip().splitlines()
    if case["exit"]:
        assert len(lines) == 1, done.stderr
        for name in case.get("names", ()):
            name = name.replace("{in}", str(inputs))
            assert name in lines[0], (name, lines[0])
    else:
        assert lines == [], done.stderr
    figures.count("bad-input cases as expected")
