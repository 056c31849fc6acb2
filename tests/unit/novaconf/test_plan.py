"""Tests for nova_glance_v2.novaconf: the offline migration itself."""

import pytest

from nova_glance_v2 import errors
from nova_glance_v2.novaconf import document
from nova_glance_v2.novaconf import plan as novaconf_plan
from tests.unit.novaconf.corpus_cases import CONFLICTS
from tests.unit.novaconf.corpus_cases import MODES
from tests.unit.novaconf.corpus_cases import REGION
from tests.unit.novaconf.corpus_cases import UNPARSABLE
from tests.unit.novaconf.corpus_cases import URLS
from tests.unit.novaconf.corpus_cases import cases
from tests.unit.novaconf.corpus_cases import expected
from tests.unit.novaconf.corpus_cases import source

LEGACY_KEYS = {
    ("DEFAULT", "glance_host"), ("DEFAULT", "glance_port"),
    ("DEFAULT", "glance_protocol"), ("DEFAULT", "glance_api_servers"),
    ("DEFAULT", "glance_api_insecure"), ("DEFAULT", "glance_num_retries"),
    ("DEFAULT", "allowed_direct_url_schemes"),
    ("glance", "host"), ("glance", "port"), ("glance", "protocol"),
    ("glance", "api_insecure"), ("glance", "allowed_direct_url_schemes"),
    ("glance", "use_glance_v1"), ("ssl", "ca_file"),
}


def run(text, mode="api_servers", catalog_url=None, path="nova.conf",
        **request):
    if mode == "catalog":
        request.setdefault("region", REGION)
    doc = document.parse(path, text)
    return novaconf_plan.plan(
        doc, novaconf_plan.Request(mode=mode, **request), catalog_url
    )


def glance(text):
    """{key: value} of [glance] as oslo reads it (last value wins)."""
    doc = document.parse("result", text)
    return {a.key: a.value for a in doc.assignments if a.section == "glance"}


@pytest.mark.parametrize(("stem", "mode"), list(cases()))
def test_corpus_matches_expected(stem, mode):
    plan = run(source(stem).read_text(), mode)
    assert plan.new_text == expected(stem, mode).read_text()


@pytest.mark.parametrize(("stem", "mode"), list(cases()))
def test_corpus_result(stem, mode):
    text = source(stem).read_text()
    plan = run(text, mode)
    result = document.parse("result", plan.new_text)
    keys = {(a.section, a.key) for a in result.assignments}
    assert not keys & LEGACY_KEYS
    assert not any(s.startswith("image_file_url") for s, _ in keys)
    options = glance(plan.new_text)
    if mode == "api_servers":
        assert options["api_servers"] == ",".join(URLS[stem])
        assert not {"endpoint_override", "region_name"} & set(options)
    elif mode == "endpoint_override":
        assert options["endpoint_override"] == URLS[stem][0]
        assert not {"api_servers", "region_name"} & set(options)
    else:
        assert options["region_name"] == REGION
        assert options["valid_interfaces"] == "internal,public"
        assert not {"api_servers", "endpoint_override"} & set(options)
    # Every line of the old file that is not a glance option we touched
    # is still there, in the same order, byte for byte.
    touched = {
        a.lineno for a in document.parse("old", text).assignments
        if (a.section, a.key) in LEGACY_KEYS
        or a.section.startswith("image_file_url")
        or (a.section == "glance" and a.key in (
            "api_servers", "endpoint_override", "num_retries", "insecure",
        ))
    }
    kept = [
        line for number, line in enumerate(text.splitlines(True), 1)
        if number not in touched and not _in_dropped_section(text, number)
    ]
    new_lines = iter(plan.new_text.splitlines(True))
    for line in kept:
        assert any(line == new for new in new_lines), line


def _in_dropped_section(text, number):
    section = None
    lines = text.splitlines()
    for line in lines[:number]:
        if line.startswith("["):
            section = line.strip("[]")
    if lines[number - 1] == "[ssl]":
        return True  # emptied by the ca_file move, and removed
    return bool(section and section.startswith("image_file_url"))


@pytest.mark.parametrize(("stem", "mode"), list(cases()))
def test_corpus_rerun_is_a_no_op(stem, mode):
    first = run(source(stem).read_text(), mode)
    again = run(first.new_text, mode)
    assert not again.changed
    assert again.new_text == first.new_text
    assert (again.added, again.removed) == ({}, [])


def test_modern_file_is_unchanged():
    plan = run(source("modern").read_text())
    assert not plan.changed


def test_kilo_report():
    plan = run(source("kilo_default_host").read_text())
    assert plan.migrated == {
        "[DEFAULT] glance_host": "[glance] api_servers",
        "[DEFAULT] glance_port": "[glance] api_servers",
        "[DEFAULT] glance_protocol": "[glance] api_servers",
        "[DEFAULT] glance_api_insecure": "[glance] insecure",
        "[DEFAULT] glance_num_retries": "[glance] num_retries",
        "[ssl] ca_file": "[glance] cafile",
    }
    assert plan.dropped == [
        "[DEFAULT] allowed_direct_url_schemes", "[image_file_url]",
        "[image_file_url:fs1]",
    ]
    assert plan.added == {
        "[glance] api_servers": "http://192.0.2.10:9292",
        "[glance] insecure": "true",
        "[glance] cafile": "/etc/ssl/certs/glance-ca.pem",
        "[glance] num_retries": "2",
    }
    assert "[ssl]" in plan.removed
    # The multi-valued [pci] alias keeps both lines.
    assert plan.new_text.count("alias = ") == 2


def test_https_protocol_is_noted():
    plan = run(source("liberty_glance_section").read_text())
    assert glance(plan.new_text)["api_servers"] == (
        "https://glance.example.org:9292"
    )
    assert any("plain http" in note for note in plan.notes)


def test_schemeless_and_versioned_are_noted():
    plan = run(source("kilo_api_servers_schemeless").read_text())
    assert any("has no scheme" in note for note in plan.notes)
    plan = run(source("newton_versioned").read_text())
    assert any("is versioned" in note for note in plan.notes)


@pytest.mark.parametrize("stem", CONFLICTS)
@pytest.mark.parametrize("mode", MODES)
def test_conflicts_are_bad_input(stem, mode):
    with pytest.raises(errors.BadInput, match="different"):
        run(source(stem).read_text(), mode)


@pytest.mark.parametrize("stem", CONFLICTS)
def test_force_needs_explicit_urls(stem):
    text = source(stem).read_text()
    with pytest.raises(errors.BadInput, match="--force needs"):
        run(text, force=True)
    plan = run(text, force=True, api_servers=["http://new:9292/v2"])
    assert glance(plan.new_text) == {"api_servers": "http://new:9292"}
    assert any("forced" in note for note in plan.notes)
    plan = run(text, "catalog", force=True)
    assert set(glance(plan.new_text)) == {"region_name", "valid_interfaces"}


@pytest.mark.parametrize(("stem", "line"), UNPARSABLE.items())
def test_unparsable_names_file_and_line(stem, line):
    with pytest.raises(errors.BadInput, match=rf"x\.conf: line {line}:"):
        run(source(stem).read_text(), path="x.conf")


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("[glance] # note\nhost = a\n", 1),  # oslo needs the ] last
        ("[glance]\n  host = a\n", 2),  # continuation without a key
        ("host = a\n", 1),  # no section
        ("[glance]\nhost\n", 2),
    ],
)
def test_what_oslo_rejects_we_reject(text, line):
    with pytest.raises(errors.BadInput, match=f"line {line}:"):
        run(text)


def test_parse_error_does_not_echo_the_line():
    with pytest.raises(errors.BadInput) as caught:
        run("[database]\nconnection mysql+pymysql Db-S3cret\n")
    assert "Db-S3cret" not in str(caught.value)


def test_quoted_values_read_as_oslo_does():
    plan = run('[glance]\nhost = "ctl"\nport = \'9393\'\n')
    assert glance(plan.new_text) == {"api_servers": "http://ctl:9393"}


def test_default_alias_loses_to_glance_value():
    text = (
        "[DEFAULT]\nglance_num_retries = 7\n"
        "[glance]\napi_servers = http://ctl:9292\nnum_retries = 2\n"
    )
    plan = run(text)
    assert glance(plan.new_text)["num_retries"] == "2"
    assert plan.migrated == {
        "[DEFAULT] glance_num_retries": "[glance] num_retries"
    }
    assert any("=7" in note for note in plan.notes)


def test_api_servers_wins_over_matching_host():
    text = "[glance]\napi_servers = http://ctl:9292\nhost = ctl\n"
    plan = run(text)
    assert glance(plan.new_text) == {"api_servers": "http://ctl:9292"}
    assert "[glance] host" in plan.dropped


def test_my_ip_must_be_known():
    text = "[glance]\nhost = $my_ip\n"
    with pytest.raises(errors.BadInput, match=r"\$my_ip"):
        run(text)
    plan = run(text, api_servers=["http://ctl:9292"])
    assert glance(plan.new_text) == {"api_servers": "http://ctl:9292"}


def test_default_host_is_my_ip():
    plan = run("[DEFAULT]\nmy_ip = 192.0.2.3\n[glance]\nport = 9393\n")
    assert glance(plan.new_text) == {"api_servers": "http://192.0.2.3:9393"}


def test_bad_legacy_values_name_the_line():
    with pytest.raises(errors.BadInput, match="line 3 .*api_insecure"):
        run("[glance]\napi_servers = http://a:9292\napi_insecure = maybe\n")
    with pytest.raises(errors.BadInput, match="bad port"):
        run("[glance]\napi_servers = http://a:92x92\n")


def test_endpoint_override_takes_one_url():
    with pytest.raises(errors.BadInput, match="takes one"):
        run(source("modern").read_text(), "endpoint_override")
    plan = run(
        source("modern").read_text(), "endpoint_override",
        endpoint_override="https://cloud.example.org/image/v2",
    )
    assert glance(plan.new_text) == {
        "endpoint_override": "https://cloud.example.org/image",
        "num_retries": "3",
    }


def test_catalog_mode_needs_a_region():
    with pytest.raises(errors.BadInput, match="--region"):
        run("[glance]\n", "catalog", region=None)
    plan = run(
        "[glance]\nregion_name = R2\nvalid_interfaces = public\n", "catalog",
        region=None,
    )
    assert not plan.changed


def test_catalog_url_only_when_needed():
    calls = []

    def catalog_url(region, interfaces):
        calls.append((region, interfaces))
        return "http://ctl/image/v2/"

    plan = run(source("kilo_default_host").read_text(),
               catalog_url=catalog_url)
    assert calls == []
    plan = run("[DEFAULT]\ndebug = true\n", catalog_url=catalog_url,
               interfaces=["public"])
    assert calls == [(None, ["public"])]
    assert plan.new_text == (
        "[DEFAULT]\ndebug = true\n\n[glance]\n"
        "api_servers = http://ctl/image\n"
    )
    with pytest.raises(errors.BadInput, match="--os-cloud"):
        run("[DEFAULT]\ndebug = true\n")


def test_command_line_options():
    plan = run(
        "[glance]\napi_servers = http://a:9292\n", cafile="/ca.pem",
        api_servers=["http://b:9292", "c:9292"],
    )
    assert glance(plan.new_text) == {
        "api_servers": "http://b:9292,http://c:9292", "cafile": "/ca.pem",
    }
    plan = run("[glance]\napi_servers = http://a:9292\n", insecure=True)
    assert glance(plan.new_text)["insecure"] == "true"
    with pytest.raises(errors.BadInput, match="contradict"):
        run("[glance]\n", insecure=True, cafile="/ca.pem",
            api_servers=["http://a:9292"])


def test_duplicate_api_servers_collapse_to_the_last_place():
    text = (
        "[glance]\napi_servers = http://a:9292\n# why\n"
        "api_servers = http://a:9292\n"
    )
    plan = run(text)
    assert plan.new_text == "[glance]\n# why\napi_servers = http://a:9292\n"


def test_crlf_file_stays_crlf():
    text = (
        "[DEFAULT]\r\nglance_host = ctl\r\n\r\n[glance]\r\n"
        "# note\r\nnum_retries = 2\r\n"
    )
    plan = run(text)
    assert plan.new_text == (
        "[DEFAULT]\r\n\r\n[glance]\r\n# note\r\nnum_retries = 2\r\n"
        "api_servers = http://ctl:9292\r\n"
    )


def test_no_final_newline_and_no_glance_section():
    plan = run("[DEFAULT]\nglance_host = ctl")
    assert plan.new_text == (
        "[DEFAULT]\n\n[glance]\napi_servers = http://ctl:9292\n"
    )


def test_uppercase_glance_section_is_glance():
    plan = run("[GLANCE]\nhost = ctl\n")
    assert plan.new_text == "[GLANCE]\napi_servers = http://ctl:9292\n"


# A comment holding a lone CR: oslo.config's text-mode reading (ours)
# ends the line there and reads "host = ctl" as an option; ConfigUpdater,
# reading the text as given, sees one comment line.
DISAGREEING = "# note\rhost = ctl\n"


def test_editor_disagreeing_with_oslo_refuses_the_edit():
    text = "[DEFAULT]\ndebug = true\n[glance]\n" + DISAGREEING
    with pytest.raises(errors.BadInput, match="read this file differently"):
        run(text)


def test_sections_not_edited_are_kept_as_text():
    # The editor only reads the sections the plan edits: a section it
    # would refuse is kept byte for byte when nothing in it changes.
    untouched = "[DEFAULT]\n" + DISAGREEING + "debug = true\n"
    plan = run(untouched + "[glance]\nhost = ctl\nport = 9393\n")
    assert plan.new_text == (
        untouched + "[glance]\napi_servers = http://ctl:9393\n")
