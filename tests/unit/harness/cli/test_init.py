"""The ``nova-glance-v2-harness`` command line: its commands, with the
product's conventions (one-line errors naming the harness, exit codes)."""

import pytest

from nova_glance_v2 import errors
from nova_glance_v2_harness import cli


def test_help_lists_the_harness_commands_in_order(capsys):
    with pytest.raises(SystemExit) as raised:
        cli.main(["--help"])
    assert raised.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: nova-glance-v2-harness ")
    assert "{cloud,gate,bench}" in out


def test_an_unknown_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as raised:
        cli.main(["nova-patch"])
    assert raised.value.code == errors.EXIT_BAD_INPUT
    assert "invalid choice: 'nova-patch'" in capsys.readouterr().err


def test_errors_name_the_harness_command(tmp_path, capsys):
    code = cli.main(["cloud", "restart", "glance", "--state-dir",
                     str(tmp_path)])
    assert code == errors.EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert err.startswith("nova-glance-v2-harness: error: no local cloud in")
    assert len(err.strip().splitlines()) == 1
