"""Tests for nova_glance_v2.novaconf.migrate, alone: the Changes for
the legacy options, from a document (and request) only."""

import pytest

from nova_glance_v2 import errors
from nova_glance_v2.novaconf import migrate
from nova_glance_v2.novaconf.document import Document
from nova_glance_v2.novaconf.plan import Request


def _doc(text):
    return Document("nova.conf", text)


def test_options_nothing_reads_are_dropped_with_their_sections():
    changes = migrate.drop_removed(_doc(
        "[DEFAULT]\nuse_glance_v1 = true\n"
        "[image_file_url:fs]\nid = x\n"))
    assert changes.remove == {("DEFAULT", "use_glance_v1")}
    assert changes.dropped == ["[DEFAULT] use_glance_v1",
                               "[image_file_url:fs]"]
    assert changes.target == {}


def test_renamed_options_move_and_the_live_value_wins():
    changes = migrate.migrate_renamed(_doc(
        "[DEFAULT]\nglance_num_retries = 3\n"
        "[glance]\napi_insecure = yes\ninsecure = false\n"), Request())
    assert changes.target == {"insecure": "false", "num_retries": "3"}
    assert changes.remove == {("glance", "api_insecure"),
                              ("DEFAULT", "glance_num_retries")}
    assert changes.anchors == {"insecure": "api_insecure"}
    assert any("api_insecure=true" in note and "wins" in note
               for note in changes.notes)


def test_cafile_turns_an_insecure_off_and_says_so():
    changes = migrate.migrate_renamed(
        _doc("[glance]\napi_insecure = true\n"), Request(cafile="/ca.pem"))
    assert changes.target == {"insecure": "false", "cafile": "/ca.pem"}
    assert any("set to false" in note for note in changes.notes)


def test_a_bad_legacy_value_is_bad_input_naming_its_line():
    with pytest.raises(errors.BadInput,
                       match="nova.conf: line 2 .*glance_num_retries"):
        migrate.migrate_renamed(
            _doc("[DEFAULT]\nglance_num_retries = -1\n"), Request())


def test_other_modes_options_are_removed():
    doc = _doc("[glance]\napi_servers = http://g\nregion_name = R\n"
               "endpoint_override = http://e\n")
    assert migrate.remove_other_modes(doc, "catalog").remove == {
        ("glance", "api_servers"), ("glance", "endpoint_override")}
