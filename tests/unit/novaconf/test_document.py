"""novaconf/document.py: a nova.conf read as oslo.config reads it, edited
only in the sections touched, byte for byte elsewhere."""

import pytest

from nova_glance_v2 import errors
from nova_glance_v2.novaconf import document

TEXT = """\
# head comment
[DEFAULT]
my_ip = 10.0.0.1

[GLANCE]
api_servers = http://a:9292
# a comment oslo skips
api_servers = http://b:9292 , http://c:9292

[database]
connection = mysql://nova:Db-S3cret@ctl/nova
[glance]
region_name = RegionOne
"""


@pytest.fixture
def doc():
    return document.parse("nova.conf", TEXT)


def test_oslo_reading_with_lines_and_normalised_sections(doc):
    assert [(a.section, a.key, a.lineno) for a in doc.assignments] == [
        ("DEFAULT", "my_ip", 3), ("glance", "api_servers", 6),
        ("glance", "api_servers", 8), ("database", "connection", 11),
        ("glance", "region_name", 13)]


def test_a_repeated_section_is_one_group_and_the_last_value_wins(doc):
    assert [a.value for a in doc.get("glance", "api_servers")] == [
        "http://a:9292", "http://b:9292 , http://c:9292"]
    assert doc.last("glance", "region_name").value == "RegionOne"
    assert doc.last("glance", "host") is None
    assert document.split_list(doc.last("glance", "api_servers").value) \
        == ["http://b:9292", "http://c:9292"]


def test_untouched_text_comes_back_byte_for_byte(doc):
    assert doc.edited_text() == TEXT


def test_an_edit_changes_its_section_only(doc):
    [last] = doc.sections(lambda name: name == "glance")[-1:]
    last.set("valid_interfaces", "internal")
    doc.option(doc.last("DEFAULT", "my_ip")).value = "10.0.0.2"
    assert doc.edited_text() == TEXT.replace(
        "10.0.0.1", "10.0.0.2").replace(
        "region_name = RegionOne\n",
        "region_name = RegionOne\nvalid_interfaces = internal\n")


@pytest.mark.parametrize(("text", "line"), [
    ("host = a\n", 1),
    ("[glance]\nhost\n", 2),
    ("[glance]\n  host = a\n", 2),
])
def test_unparsable_names_file_and_line_not_the_text(text, line):
    with pytest.raises(errors.BadInput) as raised:
        document.parse("/etc/nova/nova.conf", text + "[x]\ny = S3cret\n")
    assert str(raised.value).startswith(
        f"/etc/nova/nova.conf: line {line}: cannot parse (")
    assert "S3cret" not in str(raised.value)


def test_names():
    assert document.normalize_section("Glance") == "glance"
    assert document.normalize_section("DEFAULT") == "DEFAULT"
    assert document.option_name("glance", "host") == "[glance] host"
    assert document.split_list(" a, ,b ,") == ["a", "b"]
