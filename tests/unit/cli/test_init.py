"""The conventions every command shares: options, errors, exit codes."""

import json
import os
import pathlib
import shutil
import subprocess
import sys

import pytest

from nova_glance_v2 import cli
from nova_glance_v2 import errors

CORPUS = pathlib.Path(__file__).resolve().parents[1] / "novaconf" / "corpus"


def test_format_option_before_or_after_the_command(tmp_path, capsys):
    # An offline command with output: a dry run of a legacy nova.conf.
    conf = tmp_path / "nova.conf"
    shutil.copyfile(CORPUS / "kilo_default_host.conf", conf)
    configure = ["nova-conf", "configure", "--config-file", str(conf),
                 "--dry-run"]
    assert cli.main(["-f", "json", *configure]) == errors.EXIT_OK
    before = capsys.readouterr().out
    assert cli.main([*configure, "-f", "json"]) == errors.EXIT_OK
    assert capsys.readouterr().out == before
    assert json.loads(before)["changed"] is True


def test_usage_error_exits_2_with_one_line(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["tempest-run", "--workspace", "w", "--concurrency", "zero"])
    assert exit_info.value.code == errors.EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "'zero'" in err
    assert len(err.strip().splitlines()) == 1


def test_errors_are_one_line_with_their_exit_code(tmp_path, capsys):
    missing = tmp_path / "missing.conf"
    code = cli.main(["nova-conf", "configure", "--config-file", str(missing),
                     "--dry-run"])
    assert code == errors.EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert err == f"nova-glance-v2: error: {missing}: no such file\n"
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_unexpected_exceptions_stay_one_line_without_debug(
        capsys):
    def broken(args):
        raise RuntimeError("boom")

    parser = cli.build_parser()
    args = parser.parse_args(["upgrade", "check"])
    args.func = broken
    assert cli.main([], lambda: _Fixed(parser, args)) == errors.EXIT_INTERNAL
    err = capsys.readouterr().err
    assert "internal error: RuntimeError: boom" in err
    assert "rerun with --debug" in err
    assert len(err.strip().splitlines()) == 1


class _Fixed:
    """A parser that returns pre-parsed arguments."""

    def __init__(self, parser, args):
        self.prog = parser.prog
        self.args = args

    def parse_args(self, argv):
        return self.args


@pytest.mark.parametrize("argv", [
    ["verify"],
    ["legacy", "seed", "--url", "http://g", "--catalog"],
    ["nova-conf", "probe", "--config-file", "nova.conf"],
])
def test_commands_that_need_a_cloud_say_so(argv, monkeypatch, capsys,
                                           tmp_path):
    monkeypatch.delenv("OS_CLOUD", raising=False)
    # Files are checked before the cloud: give probe a readable one.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "nova.conf").write_text("[DEFAULT]\n")
    assert cli.main(argv) == errors.EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "--os-cloud" in err
    assert len(err.strip().splitlines()) == 1


def test_a_closed_stdout_is_a_quiet_exit(tmp_path):
    """``upgrade check --json | head``: no BrokenPipeError traceback.

    The reader is gone before the command writes a byte, so every write
    meets a closed pipe, as the last ones do behind ``head``.
    """
    nova_conf = tmp_path / "nova.conf"
    nova_conf.write_text("[glance]\napi_servers = http://127.0.0.1:9292\n")
    env = {k: v for k, v in os.environ.items() if k != "OS_CLOUD"}
    for argv in (["upgrade", "check", "--json"], ["upgrade", "check"],
                 ["nova-conf", "configure", "--dry-run", "--diff"]):
        read_end, write_end = os.pipe()
        os.close(read_end)
        try:
            done = subprocess.run(
                [sys.executable, "-m", "nova_glance_v2.cli", *argv,
                 "--nova-conf" if argv[0] == "upgrade" else "--config-file",
                 str(nova_conf)],
                stdout=write_end, stderr=subprocess.PIPE, text=True,
                env=env, check=False, timeout=60)
        finally:
            os.close(write_end)
        assert done.stderr == "", argv
        assert done.returncode == 0, argv
