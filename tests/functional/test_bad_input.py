"""The bad-input corpus (``tests/badinput/cases.yaml``), one run per case.

Each case runs the real command on inputs made for it and must give its
exit code, exactly one line on stderr naming what is wrong (a file, line,
option or value; or, for a check command, its report on stdout doing so),
no traceback, no planted secret anywhere in the output, and leave every
input byte-identical with no temporary or backup file next to it. A case
whose bad input must stop the command before it contacts anything runs
against a loopback listener that must see no connection.
"""

import contextlib

import pytest
import yaml

from tests import badinput
from tests import loopback
from tests.functional import figures
from tests.functional.conftest import run_cli
from tests.functional.conftest import run_harness

pytestmark = pytest.mark.functional

CASES = badinput.load_cases()


def _cloud_env(request, case, directory, listening):
    """The environment of the case: no cloud, a loopback listener that
    must see no connection, the session's cloud, or the session's cloud
    with a wrong password."""
    kind = case.get("cloud", "none")
    env = {"OS_CLOUD": "", "OS_CLIENT_CONFIG_FILE": str(
        directory.parent / "no-clouds.yaml")}
    env.update({key: value.replace("{in}", str(directory))
                for key, value in (case.get("env") or {}).items()})
    if kind == "none":
        return env, {}
    if kind == "listener":
        port, _ = listening
        clouds = directory.parent / "listener-clouds.yaml"
        clouds.write_text(loopback.clouds_yaml_text(port))
        env.update({"OS_CLIENT_CONFIG_FILE": str(clouds), "OS_CLOUD": "real"})
        return env, {"{listener}": f"http://127.0.0.1:{port}"}
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
    listener = (loopback.listener() if case.get("cloud") == "listener"
                else contextlib.nullcontext((None, [])))
    try:
        with listener as listening:
            env, urls = _cloud_env(request, case, inputs, listening)
            for placeholder, url in urls.items():
                argv = [arg.replace(placeholder, url) for arg in argv]
            before = badinput.snapshot(inputs)
            # A command that blocks (on a FIFO, say) fails the case in
            # time.
            run = run_harness if argv[:1] == ["cloud"] else run_cli
            done = run(*argv, env=env, check=False, timeout=120)
            after = badinput.snapshot(inputs)
            _, contacted = listening
    finally:
        badinput.release(case, inputs)
    figures.count("bad-input cases tried")
    output = done.stdout + done.stderr
    assert done.returncode == case["exit"], output
    assert "Traceback" not in output
    assert badinput.SECRET not in output
    assert after == before, "inputs changed or files were left behind"
    assert contacted == [], "contacted the cloud despite the bad input"
    lines = done.stderr.strip().splitlines()
    if case["exit"] and case.get("report") == "stdout":
        # A check command: its table (or JSON) names the failed check.
        assert lines == [], done.stderr
        where = done.stdout
    elif case["exit"]:
        assert len(lines) == 1, done.stderr
        where = lines[0]
    if case["exit"]:
        for name in case.get("names", ()):
            name = name.replace("{in}", str(inputs))
            assert name in where, (name, where)
    else:
        assert lines == [], done.stderr
    figures.count("bad-input cases as expected")
