"""Tests for ``nova-glance-v2 gate``'s options."""

import os

from nova_glance_v2 import cli


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
    run = parser.parse_args(["tempest-run", "--workspace", "w"])
    assert gate.tempest_concurrency == run.concurrency == cores
