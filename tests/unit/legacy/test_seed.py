"""``legacy seed``'s nova config file: v1-era, the rest untouched."""

import pytest

from nova_glance_v2 import errors
from nova_glance_v2.checks import upgrade as upgradecheck
from nova_glance_v2.legacy import seed as legacy
from nova_glance_v2.novaconf import document
from nova_glance_v2.novaconf import plan as novaconf

MODERN = """[DEFAULT]
# keep me
my_ip = 10.0.0.5

[glance]
api_servers = http://g:9292
num_retries = 3

[oslo_concurrency]
lock_path = /var/lock/nova
"""


def test_seeded_file_locates_glance_the_liberty_way():
    text = legacy.legacy_nova_text("nova.conf", MODERN,
                                   "https://[fd00::1]:9293")
    doc = document.parse("nova.conf", text)
    assert doc.last("glance", "api_servers") is None
    assert doc.last("glance", "host").value == "fd00::1"
    assert doc.last("glance", "port").value == "9293"
    assert doc.last("glance", "protocol").value == "https"
    assert doc.last("glance", "num_retries").value == "3"
    assert "# keep me\nmy_ip = 10.0.0.5\n" in text
    assert "[oslo_concurrency]\nlock_path = /var/lock/nova\n" in text


def test_seeded_file_fails_the_legacy_check(tmp_path):
    path = tmp_path / "nova.conf"
    path.write_text(legacy.legacy_nova_text(str(path), MODERN,
                                            "http://g:9292"))
    result = upgradecheck.NovaChecks(str(path)).legacy()
    assert result.code == upgradecheck.Code.FAILURE


def test_unparsable_file_is_bad_input():
    with pytest.raises(errors.BadInput, match="nova.conf"):
        legacy.legacy_nova_text("nova.conf", "no section\n", "http://g")


def test_glance_under_a_path_gets_a_versioned_api_servers():
    text = legacy.legacy_nova_text("nova.conf", MODERN,
                                   "http://10.0.0.5/image")
    doc = document.parse("nova.conf", text)
    assert doc.last("glance", "api_servers").value == \
        "http://10.0.0.5/image/v1"
    assert doc.last("glance", "host") is None
    plan = novaconf.plan(doc, novaconf.Request())
    assert "api_servers = http://10.0.0.5/image\n" in plan.new_text
