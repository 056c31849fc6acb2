"""Tests for nova_glance_v2.interfaces."""

import pytest

from nova_glance_v2 import errors
from nova_glance_v2 import interfaces


@pytest.mark.parametrize("text, expected", [
    ("public,internal", ("public", "internal")),
    # The order given is the preference: kept.
    ("internal , public", ("internal", "public")),
    ("admin,public,internal", ("admin", "public", "internal")),
    ("internal,internal,public", ("internal", "public")),
])
def test_parse_interfaces(text, expected):
    assert interfaces.parse(text) == expected


@pytest.mark.parametrize("text", ["", ",", "public,private", "public,",
                                  "internal\npublic"])
def test_parse_interfaces_rejects(text):
    with pytest.raises(errors.BadInput):
        interfaces.parse(text)
