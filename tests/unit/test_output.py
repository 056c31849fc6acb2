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


def test_a_huge_cell_is_wrapped_whole():
    # 10,000 urls in one cell (configure's notes on a long api_servers):
    # every url is printed, no line of the table is wider than a wrapped
    # cell allows, and short lines are left as they are.
    urls = [f"http://glance{i}.example.org:9292" for i in range(10_000)]
    text = output.render([{"file": "nova.conf", "notes": ", ".join(urls)}])
    rows = text.splitlines()
    assert max(len(row) for row in rows) <= (
        output.MAX_CELL_WIDTH + len("nova.conf") + len("| " * 3))
    cells = "".join(row.split("|")[2].strip() for row in rows[3:-1])
    assert cells.replace(" ", "") == ",".join(urls).replace(" ", "")
    assert "| nova.conf |" in text


def test_data_of_listings_only_has_no_empty_table_above_them():
    text = output.render({"services": [{"id": "s1", "name": "glance"}],
                          "endpoints": [{"id": "e1", "url": "http://g"}]})
    assert text.startswith("services:\n+")
    assert "Field" not in text and "endpoints:" in text
