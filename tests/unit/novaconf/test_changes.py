"""Tests for nova_glance_v2.novaconf.changes: steps' changes merged."""

from nova_glance_v2.novaconf.changes import Changes


def test_merge_keeps_order_and_lets_the_later_step_win():
    first = Changes(target={"api_servers": "http://a"},
                    remove={("DEFAULT", "glance_host")},
                    anchors={"api_servers": "host"},
                    migrated={"[DEFAULT] glance_host": "[glance] api_servers"},
                    dropped=["[DEFAULT] use_glance_v1"], notes=["one"])
    later = Changes(target={"api_servers": "http://b", "insecure": "false"},
                    remove={("glance", "api_insecure")},
                    anchors={"insecure": "api_insecure"},
                    dropped=["[image_file_url]"], notes=["two"])
    assert first.merge(later) is first
    assert first.target == {"api_servers": "http://b", "insecure": "false"}
    assert first.remove == {("DEFAULT", "glance_host"),
                            ("glance", "api_insecure")}
    assert first.anchors == {"api_servers": "host",
                             "insecure": "api_insecure"}
    assert first.dropped == ["[DEFAULT] use_glance_v1", "[image_file_url]"]
    assert first.notes == ["one", "two"]
    assert later.notes == ["two"]
