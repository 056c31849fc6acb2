"""Tests for ``nova-glance-v2-harness gate``'s options."""

import os

from nova_glance_v2 import cli as product_cli
from nova_glance_v2_harness import cli


def _help(capsys, *argv):
    try:
        cli.main([*argv, "--help"])
    except SystemExit:
        pass
    return capsys.readouterr().out


def test_gate_help_has_port_options_and_no_os_cloud(capsys):
    text = _help(capsys, "gate")
    assert "--os-cloud" not in text
    for option in ("--keystone-port", "--glance-port", "--nova-port"):
        assert option in text


def test_concurrency_defaults_to_the_cores_this_process_may_use():
    cores = len(os.sched_getaffinity(0))
    parser = cli.build_parser()
    gate = parser.parse_args(["gate"])
    run = product_cli.build_parser().parse_args(
        ["tempest-run", "--workspace", "w"])
    assert gate.tempest_concurrency == run.concurrency == cores


def test_concurrency_must_be_above_zero(capsys):
    for main, argv in (
            (cli.main, ["gate", "--tempest-concurrency"]),
            (product_cli.main,
             ["tempest-run", "--workspace", "w", "--concurrency"])):
        for value in ("0", "-2", "two"):
            _refused(capsys, main, [*argv, value])


def _refused(capsys, main, argv):
    """argv ends in argparse's exit 2 naming the bad value."""
    try:
        main(argv)
    except SystemExit as exc:
        assert exc.code == 2
    else:
        raise AssertionError(f"{argv} accepted")
    assert "not a whole number above zero" in capsys.readouterr().err
