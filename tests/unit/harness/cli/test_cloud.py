"""Tests for ``nova-glance-v2-harness cloud`` on a directory without a
cloud."""

from nova_glance_v2 import errors
from nova_glance_v2_harness import cli


def test_where_there_is_no_cloud_status_and_down_say_so(tmp_path, capsys):
    for command in ("status", "down"):
        code = cli.main(["cloud", command, "--state-dir", str(tmp_path)])
        captured = capsys.readouterr()
        assert code == errors.EXIT_BAD_INPUT, command
        assert f"{tmp_path}: no local cloud here" in captured.err, command
        assert ".nova-glance-v2/gate" in captured.err, command
        assert captured.out == "", command


def test_a_corrupt_state_file_is_bad_input(tmp_path, capsys):
    (tmp_path / "state.json").write_text('{"ports": {"keystone": 5')
    for argv in (["status"], ["down"], ["down", "--purge"]):
        code = cli.main(["cloud", *argv, "--state-dir", str(tmp_path)])
        err = capsys.readouterr().err
        assert code == errors.EXIT_BAD_INPUT, argv
        assert "state.json: not a local cloud's state" in err, argv
        assert "Traceback" not in err
