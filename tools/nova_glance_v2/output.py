"""Render a command's result as a table or as JSON.

Commands return plain data (dicts, lists, strings, numbers). ``json``
prints it as is, for machines (Ansible roles read ``changed``). ``table``
flattens nested mappings into ``Field | Value`` rows, and renders a list of
uniform mappings as one row per item, for people.
"""

import json
import textwrap

import prettytable

FORMATS = ("table", "json")
MAX_CELL_WIDTH = 72


def render(data, fmt="table"):
    """Return ``data`` rendered in ``fmt`` as a string."""
    if fmt == "json":
        return json.dumps(data, indent=2, sort_keys=True, default=str)
    if isinstance(data, list):
        return _list_table(data)
    table = prettytable.PrettyTable(["Field", "Value"])
    table.align = "l"
    listings = []
    for field, value in _flatten(data):
        if _is_listing(value):
            listings.append(f"{field}:\n{_list_table(value)}")
        else:
            table.add_row([field, _cell(value)])
    # Data that is all listings (catalog show) has no Field | Value rows:
    # no empty table above them.
    tables = [table.get_string()] if table.rows else []
    return "\n".join([*tables, *listings])


def _is_listing(value):
    return (isinstance(value, list) and bool(value)
            and all(isinstance(item, dict) for item in value))


def _flatten(data, prefix=""):
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            yield from _flatten(value, name + ".")
        else:
            yield name, value


def _list_table(items):
    if not items:
        return ""
    if not all(isinstance(item, dict) for item in items):
        return "\n".join(_cell(item) for item in items)
    columns = list(dict.fromkeys(key for item in items for key in item))
    table = prettytable.PrettyTable(columns)
    table.align = "l"
    for item in items:
        table.add_row([_wrapped(_cell(item.get(column, "")))
                       for column in columns])
    return table.get_string()


def _wrapped(text):
    """Wrap long lines (step details, urls) so rows stay readable.

    Done here with the standard textwrap rather than by prettytable's
    max_width, whose escape-sequence-aware wrapping is quadratic: a cell
    of 10,000 urls took two minutes to print.
    """
    return "\n".join(
        textwrap.fill(line, MAX_CELL_WIDTH) if len(line) > MAX_CELL_WIDTH
        else line for line in text.split("\n"))


def _cell(value):
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True, default=str)
    if value is None:
        return ""
    return str(value)


class Result:
    """What a command returns when its exit code is not simply 0.

    A command that found a problem still prints what it saw, then exits
    with ``exit_code`` (see :mod:`nova_glance_v2.errors`).
    """

    def __init__(self, data, exit_code=0):
        self.data = data
        self.exit_code = exit_code
