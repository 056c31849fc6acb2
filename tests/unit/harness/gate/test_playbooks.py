"""Tests for nova_glance_v2_harness.gate.playbooks: --extra-host."""

import pytest

from nova_glance_v2 import errors
from nova_glance_v2_harness.gate import playbooks


def test_parse_extra_host(tmp_path):
    one, two = tmp_path / "nova.conf", tmp_path / "nova-cpu.conf"
    one.write_text("")
    two.write_text("")
    assert playbooks.parse_extra_host(f"cmp1={one},{two}") == (
        "cmp1", [str(one), str(two)])
    for bad in ("cmp1", f"={one}", "cmp1=", f"api={one}",
                f"cmp1={tmp_path / 'missing'}"):
        with pytest.raises(errors.BadInput):
            playbooks.parse_extra_host(bad)
