"""tests/functional/browser.py on small pages of its own: chromium starts,
so functional, but no cloud."""

import pytest

from tests.functional import browser

pytestmark = pytest.mark.functional

PAGE = """<!doctype html>
<html><body style="background:#2e7d32">
<h1 id="verdict">gate PASS</h1>
{extra}
<script>
document.body.insertAdjacentHTML("beforeend", '<p id="made">by script</p>');
</script>
</body></html>
"""


def _page(tmp_path, extra=""):
    page = tmp_path / "page.html"
    page.write_text(PAGE.format(extra=extra))
    return page.as_uri()


def test_dom_after_scripts_and_a_screenshot(tmp_path):
    shown = browser.open_page(_page(tmp_path), tmp_path)
    assert '<h1 id="verdict">gate PASS</h1>' in shown.dom
    assert '<p id="made">by script</p>' in shown.dom
    assert shown.requested == []
    assert browser.png_size(shown.screenshot) == browser.WINDOW
    assert shown.screenshot.stat().st_size > browser.blank_screenshot_size(
        tmp_path)


def test_what_the_page_asks_the_network_for_is_seen(tmp_path):
    outside = "http://outside.test/logo.png"
    shown = browser.open_page(
        _page(tmp_path, f'<img src="{outside}">'), tmp_path)
    assert shown.requested == [outside]


def test_png_size_refuses_what_is_not_a_png(tmp_path):
    path = tmp_path / "not.png"
    path.write_bytes(b"GIF89a" + bytes(30))
    with pytest.raises(ValueError, match="not a PNG"):
        browser.png_size(path)
