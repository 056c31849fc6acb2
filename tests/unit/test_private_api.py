"""Fail when a pinned library changes a private part we rely on.

See :mod:`nova_glance_v2.private_api`; each test pins one of them to
the behaviour the project needs, with the library's real code.
"""

import argparse

from nova_glance_v2 import private_api


def test_argparse_still_keeps_sub_commands_in_actions():
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers()
    one = commands.add_parser("one")
    two = commands.add_parser("two")
    assert private_api.subcommand_parsers(parser) == [one, two]
    assert private_api.subcommand_parsers(one) == []


def test_keystonemiddleware_still_normalizes_a_v3_catalog():
    catalog = [{"type": "image", "name": "glance", "endpoints": [
        {"interface": "public", "region_id": "RegionOne",
         "region": "RegionOne", "url": "http://g:9292"},
        {"interface": "internal", "region_id": "RegionOne",
         "region": "RegionOne", "url": "http://g-int:9292"}]}]
    (service,) = private_api.normalize_catalog(catalog)
    assert service["type"] == "image"
    (endpoint,) = service["endpoints"]
    assert endpoint["publicURL"] == "http://g:9292"
    assert endpoint["internalURL"] == "http://g-int:9292"
    assert endpoint["region"] == "RegionOne"


def test_oslo_config_still_splits_each_assignment_on_its_first_line():
    parser_class = private_api.oslo_line_tracking_parser()
    starts = []

    class Recorder(parser_class):
        def new_section(self, section):
            pass

        def assignment(self, key, value):
            starts.append((key, self.assignment_start, value))

    Recorder().parse(["[glance]", "a = 1", "", "b = x", "   continued",
                      "c = 3"])
    assert starts == [("a", 2, ["1"]), ("b", 4, ["x", "continued"]),
                      ("c", 6, ["3"])]


def test_oslo_upgradecheck_still_runs_its_upgrade_checks():
    from oslo_upgradecheck import upgradecheck

    commands = upgradecheck.UpgradeCommands()
    ran = []

    def warn(_commands):
        ran.append("warn")
        return upgradecheck.Result(upgradecheck.Code.WARNING, "w")

    private_api.set_upgrade_checks(commands, [("warn", warn)])
    assert [name for name, _ in private_api.upgrade_checks(commands)] == [
        "warn"]
    assert commands.check() == upgradecheck.Code.WARNING
    assert ran == ["warn"]
