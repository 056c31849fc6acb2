"""Tests for nova_glance_v2.interfaces."""

import pytest

from nova_glance_v2 import errors
from nova_glance_v2 import interfaces


@pytest.mark.parametrize("text, expected", [
    ("public,internal", ("public", "internal")),
    ("internal , public", ("public", "internal")),
    ("admin,public,internal", ("public", "internal", "admin")),
])
def test_parse_interfaces(text, expected):
    assert interfaces.parse(text) == expected


@pytest.mark.parametrize("text", ["", ",", "public,private"])
def test_parse_interfaces_rejects(text):
    with pytest.raises(errors.BadInput):
        interfaces.parse(text)
