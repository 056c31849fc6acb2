"""inisyntax: the oslo.config syntax check and the editor's text."""

import pathlib

import configupdater
import pytest

from nova_glance_v2 import errors
from nova_glance_v2 import inisyntax

# Every file of the nova.conf corpus that is meant to parse.
CORPUS = sorted(
    path for path in
    (pathlib.Path(__file__).parent / "novaconf" / "corpus").glob("*.conf")
    if path.name != "unparsable.conf")


def _parsed(text):
    return inisyntax.updater("nova.conf", text)


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_text_is_what_configupdater_prints(path):
    document = _parsed(path.read_text())
    assert inisyntax.text(document) == str(document) == path.read_text()


def test_text_after_edits_is_what_configupdater_prints():
    document = _parsed(
        "# head\n[DEFAULT]\ndebug = true\n\n[glance]\n"
        "api_servers = http://a:9292\n[empty]")
    document["glance"]["api_servers"].value = "http://b:9292"
    document["glance"].raw_comment = " # changed"
    document["DEFAULT"].add_after.section(configupdater.Section("added"))
    document["added"]["enabled"] = "true"
    document["empty"]["x"] = "1"
    assert inisyntax.text(document) == str(document)
    assert "[glance] # changed\napi_servers = http://b:9292\n" in (
        inisyntax.text(document))


def test_text_of_a_long_section():
    lines = "".join(f"option_{i} = {'x' * 40}\n" for i in range(2_000))
    document = _parsed("[DEFAULT]\n" + lines)
    # Correctness only: the time on a 50 MB file is bench big-files'.
    assert inisyntax.text(document) == "[DEFAULT]\n" + lines


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_the_line_named_is_the_one_oslo_config_names(tmp_path, newline):
    """oslo.config reads the file in text mode (universal newlines): a
    lone CR ends a line, a form feed or U+2028 does not."""
    from oslo_config import cfg

    text = newline.join(["[DEFAULT]", "debug = true\x0c", "x = a\u2028b",
                         "no equals sign here", "y = 1", ""])
    path = tmp_path / "nova.conf"
    path.write_bytes(text.encode())
    with pytest.raises(cfg.ParseError) as oslo:
        cfg.ConfigParser(str(path), {}).parse()
    with pytest.raises(errors.BadInput) as ours:
        inisyntax.check(str(path), text)
    assert f"line {oslo.value.lineno}:" in str(ours.value)
    assert oslo.value.lineno == 4
