"""The conventions every command shares: options, errors, exit codes."""

import pytest

from nova_glance_v2 import cli
from nova_glance_v2 import errors


def test_format_option_before_or_after_the_command(tmp_path, capsys):
    state = str(tmp_path / "none")
    assert cli.main(["-f", "json", "cloud", "status", "--state-dir",
                     state]) == errors.EXIT_CHECK_FAILED
    before = capsys.readouterr().out
    assert cli.main(["cloud", "status", "--state-dir", state, "-f",
                     "json"]) == errors.EXIT_CHECK_FAILED
    assert capsys.readouterr().out == before
    assert before.lstrip().startswith("{")


def test_usage_error_exits_2_with_one_line(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["cloud", "up", "--keystone-port", "not-a-port"])
    assert exit_info.value.code == errors.EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "not-a-port" in err
    assert len(err.strip().splitlines()) == 1


def test_errors_are_one_line_with_their_exit_code(tmp_path, capsys):
    code = cli.main(["cloud", "restart", "glance", "--state-dir",
                     str(tmp_path)])
    assert code == errors.EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert err.startswith("nova-glance-v2: error: no local cloud in")
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_unexpected_exceptions_stay_one_line_without_debug(
        monkeypatch, capsys):
    def broken(args):
        raise RuntimeError("boom")

    parser = cli.build_parser()
    args = parser.parse_args(["cloud", "status"])
    args.func = broken
    monkeypatch.setattr(cli, "build_parser", lambda: _Fixed(parser, args))
    assert cli.main([]) == errors.EXIT_CHECK_FAILED
    err = capsys.readouterr().err
    assert "unexpected RuntimeError: boom" in err
    assert "--debug" in err


class _Fixed:
    """A parser that returns pre-parsed arguments."""

    def __init__(self, parser, args):
        self.parser = parser
        self.args = args

    def parse_args(self, argv):
        return self.args


@pytest.mark.parametrize("argv", [
    ["verify"],
    ["legacy", "seed", "--url", "http://g", "--catalog"],
    ["nova-conf", "probe", "--config-file", "nova.conf"],
])
def test_commands_that_need_a_cloud_say_so(argv, monkeypatch, capsys):
    monkeypatch.delenv("OS_CLOUD", raising=False)
    assert cli.main(argv) == errors.EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "--os-cloud" in err
    assert len(err.strip().splitlines()) == 1
