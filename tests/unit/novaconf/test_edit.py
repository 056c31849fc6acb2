"""novaconf/edit.py's pure parts: value equality as oslo reads it, the
text around an appended section, newlines kept, and the re-read check
that stops a wrong edit before it reaches a real nova.conf."""

import pytest

from nova_glance_v2 import errors
from nova_glance_v2.novaconf import edit
from nova_glance_v2.novaconf.document import Document

OLD = ("[DEFAULT]\nmy_ip = 10.0.0.1\nglance_host = g\n\n"
       "[glance]\napi_servers = http://g:9292\n")


@pytest.mark.parametrize(("key", "old", "new", "equal"), [
    ("api_servers", " http://a, http://b ", "http://a,http://b", True),
    ("api_servers", "http://a,http://b", "http://b,http://a", False),
    ("valid_interfaces", "internal ,public", "internal,public", True),
    ("insecure", "True", "yes", True),
    ("insecure", "on", "false", False),
    ("region_name", " R ", "R", True),
    ("region_name", "r", "R", False),
])
def test_equal_is_what_oslo_reads(key, old, new, equal):
    assert edit._equal(key, old, new) is equal


@pytest.mark.parametrize(("text", "separator"), [
    ("", ""), ("[a]\nx = 1", "\n\n"), ("[a]\nx = 1\n", "\n"),
    ("[a]\nx = 1\n\n", ""), ("[a]\r\nx = 1\r\n", "\n"),
])
def test_an_appended_section_follows_one_blank_line(text, separator):
    assert edit._separator(text) == separator


def test_crlf_files_stay_crlf_and_others_are_left_alone():
    assert edit._same_newlines("a\r\nb\r\n", "a\r\nb\nc\n") \
        == "a\r\nb\r\nc\r\n"
    # Mixed endings: not a CRLF file, nothing is rewritten.
    assert edit._same_newlines("a\r\nb\n", "a\nc\n") == "a\nc\n"


def _verify(new_text, target, remove=()):
    edit._verify(Document("nova.conf", OLD), new_text, target, set(remove))


def test_verify_accepts_the_edit_it_was_told_of():
    _verify("[DEFAULT]\nmy_ip = 10.0.0.1\n\n"
            "[glance]\napi_servers = http://g:9292\n"
            "region_name = R\n", {"region_name": "R"},
            [("DEFAULT", "glance_host")])


@pytest.mark.parametrize(("new_text", "what"), [
    ("[DEFAULT]\nmy_ip = 10.0.0.1\n\n[glance]\napi_servers = "
     "http://g:9292\n", "[glance] region_name not written as planned"),
    ("[DEFAULT]\nmy_ip = 10.0.0.1\nglance_host = g\n\n[glance]\n"
     "api_servers = http://g:9292\nregion_name = R\n",
     "[DEFAULT] glance_host still set"),
    ("[DEFAULT]\nmy_ip = 10.0.0.2\n\n[glance]\napi_servers = "
     "http://g:9292\nregion_name = R\n",
     "an option we did not mean to change changed"),
])
def test_verify_refuses_an_edit_that_says_something_else(new_text, what):
    with pytest.raises(errors.Internal) as raised:
        _verify(new_text, {"region_name": "R"},
                [("DEFAULT", "glance_host")])
    assert str(raised.value) == (
        f"nova.conf: internal error: {what}; nothing changed")


def test_apply_makes_the_changes_it_is_given_and_nothing_else():
    from nova_glance_v2.novaconf.changes import Changes
    from nova_glance_v2.novaconf.plan import Plan

    doc = Document("nova.conf", OLD)
    plan = Plan(doc.path, doc.text, doc.text)
    edit.apply(doc, Changes(target={"api_servers": "http://g:9393",
                                    "region_name": "R"},
                            remove={("DEFAULT", "glance_host")},
                            anchors={"region_name": "api_servers"}), plan)
    assert plan.new_text == (
        "[DEFAULT]\nmy_ip = 10.0.0.1\n\n"
        "[glance]\nregion_name = R\napi_servers = http://g:9393\n")
    assert plan.added == {"[glance] api_servers": "http://g:9393",
                          "[glance] region_name": "R"}
    assert plan.removed == ["[DEFAULT] glance_host"]
