"""Tests for nova_glance_v2.novaconf.locate, alone: the Changes that
point nova at glance, from a document and a request, nothing edited."""

import pytest

from nova_glance_v2 import errors
from nova_glance_v2.novaconf.document import Document
from nova_glance_v2.novaconf.locate import GlanceLocator
from nova_glance_v2.novaconf.plan import Request


def _locate(text, catalog_url=None, **asked):
    doc = Document("nova.conf", text)
    return GlanceLocator(doc, Request(**asked), catalog_url).locate()


def test_host_and_port_become_api_servers_by_their_place():
    changes = _locate("[glance]\nhost = ctl\nport = 9393\n")
    assert changes.target == {"api_servers": "http://ctl:9393"}
    assert changes.remove == {("glance", "host"), ("glance", "port")}
    assert changes.migrated == {"[glance] host": "[glance] api_servers",
                                "[glance] port": "[glance] api_servers"}
    assert changes.anchors["api_servers"] == "host"


def test_catalog_mode_keeps_the_order_of_the_interfaces_given():
    changes = _locate("[glance]\napi_servers = http://g:9292\n",
                      mode="catalog", region="RegionOne",
                      interfaces=("public", "internal"))
    assert changes.target == {"region_name": "RegionOne",
                              "valid_interfaces": "public,internal"}
    assert changes.dropped == ["[glance] api_servers"]
    assert any("Keystone catalog" in note for note in changes.notes)


def test_the_catalog_is_asked_only_when_nothing_says_where_glance_is():
    asked = []

    def catalog_url(region, interfaces):
        asked.append((region, list(interfaces)))
        return "http://g:9292/v2"

    changes = _locate("[glance]\nregion_name = R\n", catalog_url)
    assert asked == [("R", ["internal", "public"])]
    assert changes.target == {"api_servers": "http://g:9292"}
    assert _locate("[glance]\nhost = h\n", catalog_url).target == {
        "api_servers": "http://h:9292"}
    assert len(asked) == 1


def test_a_conflict_is_bad_input_naming_both_lines():
    text = ("[DEFAULT]\nglance_api_servers = http://a:9292\n"
            "[glance]\napi_servers = http://b:9292\n")
    with pytest.raises(errors.BadInput) as raised:
        _locate(text)
    assert "nova.conf line 2" in str(raised.value)
    assert "nova.conf line 4" in str(raised.value)
