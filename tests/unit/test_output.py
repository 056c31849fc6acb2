"""Rendering of command results."""

import json

from nova_glance_v2 import output


def test_json_is_the_data_itself():
    data = {"changed": False, "actions": [], "nested": {"a": 1}}
    assert json.loads(output.render(data, "json")) == data


def test_table_flattens_nested_mappings():
    text = output.render({"services": {"glance": {"healthy": True}}})
    assert "services.glance.healthy" in text
    assert "True" in text


def test_table_renders_lists_of_mappings_as_their_own_table():
    text = output.render({"verdict": "PASS", "steps": [
        {"step": "cloud up", "result": "PASS"},
        {"step": "token", "result": "FAIL"},
    ]})
    assert text.splitlines()[0].startswith("+")
    assert "steps:" in text
    header = next(line for line in text.splitlines() if "step " in line)
    assert "result" in header
    assert text.count("FAIL") == 1


def test_none_renders_empty_and_lists_as_json():
    text = output.render({"pid": None, "started": ["keystone"]})
    assert '["keystone"]' in text
    assert "None" not in text
