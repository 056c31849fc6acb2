"""catalog/request.py: the command line's interfaces and urls."""

import pytest

from nova_glance_v2 import errors
from nova_glance_v2.catalog import request
from tests.unit.catalog.dicts import URL


def test_wanted_urls_strip_versions_and_take_overrides():
    wanted = request.wanted_urls(
        ("public", "internal"), URL + "/v2/",
        {"internal": "http://10.0.0.5:9292/image/v1.0", "admin": None})
    assert wanted == {"public": URL,
                      "internal": "http://10.0.0.5:9292/image"}


@pytest.mark.parametrize("url, overrides", [
    ("glance.example.org:9292", {}),
    ("http:///image", {}),
    (URL + "/?a=1", {}),
    (URL + "#top", {}),
    ("ftp://glance.example.org/image", {}),
    (None, {}),
    (URL, {"admin": URL}),  # admin not requested
])
def test_wanted_urls_rejects(url, overrides):
    with pytest.raises(errors.BadInput) as info:
        request.wanted_urls(("public", "internal"), url, overrides)
    assert "\n" not in str(info.value)
