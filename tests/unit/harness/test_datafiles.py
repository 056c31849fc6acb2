"""Tests for nova_glance_v2_harness.datafiles: the shipped tempest lists."""

import pytest

from nova_glance_v2.tempest import run as tempestrun
from nova_glance_v2_harness import datafiles


@pytest.mark.parametrize("path", [datafiles.LOCAL_CLOUD_EXCLUDE_LIST,
                                  datafiles.DEVSTACK_SKIPS])
def test_every_line_has_a_reason(path):
    found = tempestrun.read_exclude_list(path)
    assert found
    for regex, reason in found:
        assert reason, regex.pattern
