"""Tests for nova_glance_v2.textdiff: masked unified diffs."""

from nova_glance_v2 import textdiff
from tests.unit.test_masking import SECRET_TEXT
from tests.unit.test_masking import SECRETS


def test_unified_diff_masks_both_sides():
    new = SECRET_TEXT.replace("Admin-S3cret", "New-Admin-S3cret")
    new += "[glance]\napi_servers = http://ctl:9292\n"
    diff = textdiff.unified_diff("nova.conf", SECRET_TEXT, new)
    assert "+api_servers = http://ctl:9292" in diff
    for secret in [*SECRETS, "New-Admin-S3cret"]:
        assert secret not in diff


def test_unified_diff_empty_when_equal():
    assert textdiff.unified_diff("f", "a = 1\n", "a = 1\n") == ""


def test_unified_diff_hunks_name_their_lines():
    old = "".join(f"option_{n} = {n}\n" for n in range(1000))
    new = old.replace("option_500 = 500\n", "option_500 = changed\n")
    new += "[glance]\napi_servers = http://ctl:9292\n"
    assert textdiff.unified_diff("f", old, new) == (
        "--- f\n+++ f (new)\n"
        "@@ -498,7 +498,7 @@\n"
        " option_497 = 497\n option_498 = 498\n option_499 = 499\n"
        "-option_500 = 500\n+option_500 = changed\n"
        " option_501 = 501\n option_502 = 502\n option_503 = 503\n"
        "@@ -998,3 +998,5 @@\n"
        " option_997 = 997\n option_998 = 998\n option_999 = 999\n"
        "+[glance]\n+api_servers = http://ctl:9292\n")


def test_unified_diff_masks_a_continued_secret_outside_the_hunk():
    # The secret option starts 10 lines before the hunk's first line.
    old = "[key_manager]\nfixed_key = Fixed-K3y\n" + "  Cont-S3cret\n" * 10
    new = old + "[glance]\nhost = ctl\n"
    diff = textdiff.unified_diff("f", old, new)
    assert "S3cret" not in diff and "K3y" not in diff
    assert diff.count("   ***\n") == 3  # the context lines, masked


def test_unified_diff_shows_a_line_masked_differently_on_each_side():
    # "  Cont-S3cret" is a secret's continuation in the old file only.
    old = "[a]\npassword = x\n  Cont-S3cret\n"
    new = "[a]\nother = x\n  Cont-S3cret\n"
    diff = textdiff.unified_diff("f", old, new)
    assert "-  ***\n" in diff and "+  Cont-S3cret\n" in diff


def test_unified_diff_masks_a_value_str_splitlines_would_cut():
    old = "[database]\npassword = Db-\u2028S3cret\n"
    diff = textdiff.unified_diff("f", old, old + "[glance]\nhost = ctl\n")
    assert "S3cret" not in diff
    assert " password = ***\n" in diff


def test_unified_diff_of_crlf_files():
    old = "[glance]\r\nhost = ctl\r\n"
    new = "[glance]\r\napi_servers = http://ctl:9292\r\n"
    assert textdiff.unified_diff("f", old, new) == (
        "--- f\n+++ f (new)\n@@ -1,2 +1,2 @@\n [glance]\n-host = ctl\n"
        "+api_servers = http://ctl:9292\n")
