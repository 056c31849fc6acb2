"""Tests for nova_glance_v2.urls."""

import pytest

from nova_glance_v2 import errors
from nova_glance_v2 import urls


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://ctl:9292", "http://ctl:9292"),
        ("http://ctl:9292/", "http://ctl:9292"),
        ("http://ctl:9292/v2", "http://ctl:9292"),
        ("http://ctl:9292/v2/", "http://ctl:9292"),
        ("http://ctl:9292/v2.1", "http://ctl:9292"),
        ("https://cloud.example.org/image/v1/", "https://cloud.example.org/image"),
        ("https://cloud.example.org/image", "https://cloud.example.org/image"),
        # Only a trailing version goes; "v2" inside a path stays.
        ("https://cloud.example.org/v2/image", "https://cloud.example.org/v2/image"),
        ("http://[fd00::1]:9292/v2", "http://[fd00::1]:9292"),
    ],
)
def test_strip_version(url, expected):
    assert urls.strip_version(url) == expected


@pytest.mark.parametrize(
    "url",
    ["http://ctl:9292", "https://[fd00::1]:9292/image", "http://ctl",
     "http://192.0.2.1:9292", "https://glance.example.org./image"],
)
def test_validate_url_accepts(url):
    assert urls.validate_url(url) == url


@pytest.mark.parametrize(
    "url",
    [
        "", "ctl:9292", "ftp://ctl", "http://", "http://ctl:99999",
        "http://ctl:port", "http://ctl/ x", "http://ctl/?a=1",
        "http://g:0", "http://-bad-.host_:9292", "http://ctl..example:9292",
        "http://ctl_1:9292",
        "http://user:pw@ctl:9292",
    ],
)
def test_validate_url_rejects(url):
    with pytest.raises(errors.BadInput, match="src: "):
        urls.validate_url(url, "src")


def test_validate_url_never_shows_a_password():
    with pytest.raises(errors.BadInput) as caught:
        urls.validate_url("http://user:Url-S3cret@ctl:9292")
    assert "Url-S3cret" not in str(caught.value)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("http", "ctl", "9292"), "http://ctl:9292"),
        (("HTTPS", "glance.example.org", 443), "https://glance.example.org:443"),
        (("http", "fd00::10", "9292"), "http://[fd00::10]:9292"),
        (("http", "[fd00::10]", "9292"), "http://[fd00::10]:9292"),
        (("http", "192.0.2.1", " 9393 "), "http://192.0.2.1:9393"),
    ],
)
def test_host_port_url(args, expected):
    assert urls.host_port_url(*args) == expected


@pytest.mark.parametrize(
    "args",
    [
        ("ftp", "ctl", "9292"), ("http", "", "9292"),
        ("http", "ctl", "x"), ("http", "ctl", "0"),
        ("http", "ctl:80", "9292"),
    ],
)
def test_host_port_url_rejects(args):
    with pytest.raises(errors.BadInput):
        urls.host_port_url(*args)
