"""Headless Chromium for the functional tests, through chromium's own
command line: ``--dump-dom`` (the DOM once scripts ran), ``--screenshot``
and ``--log-net-log`` (every request of the network stack). No driver,
no DevTools client, no image decoder of ours.

Every host name resolves nowhere (``--host-resolver-rules``), so nothing
a page asks for leaves the machine; the net log still shows that it asked.

tools/test installs Debian's ``chromium`` when it is missing.
"""

import dataclasses
import json
import pathlib
import shutil
import struct
import subprocess
import tempfile

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--no-default-browser-check",
         "--disable-extensions", "--host-resolver-rules=MAP * ~NOTFOUND")
WINDOW = (1024, 900)
# One page load of a local file takes 1-3 s; a busy machine, more.
TIMEOUT = 120
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# What the net log says of a request the browser made for itself (time
# sync, account checks), not for the page.
BROWSER_OWN = "not an origin"


@dataclasses.dataclass
class Page:
    """What chromium showed of one page."""

    dom: str
    screenshot: pathlib.Path
    # Urls the page asked the network for (file:// loads are not network
    # requests: the page itself is not among them).
    requested: list


def chromium():
    return shutil.which("chromium") or shutil.which("chromium-browser")


def open_page(url, workdir):
    """Load ``url`` once in headless chromium; see :class:`Page`."""
    workdir = pathlib.Path(workdir)
    shot = workdir / "screenshot.png"
    netlog = workdir / "netlog.json"
    done = _run(workdir, url, "--dump-dom", f"--screenshot={shot}",
                f"--log-net-log={netlog}")
    return Page(done.stdout, shot, _page_requests(netlog))


def blank_screenshot_size(workdir):
    """Bytes of chromium's screenshot of an empty page in the same window:
    a page that rendered anything compresses to more than that."""
    workdir = pathlib.Path(workdir)
    empty = workdir / "empty.html"
    empty.write_text("<!doctype html><html><body></body></html>\n")
    shot = workdir / "empty.png"
    _run(workdir, empty.as_uri(), f"--screenshot={shot}")
    return shot.stat().st_size


def png_size(path):
    """``(width, height)`` of a PNG, from its IHDR chunk (always first)."""
    head = pathlib.Path(path).read_bytes()[:24]
    if head[:8] != PNG_SIGNATURE or head[12:16] != b"IHDR":
        raise ValueError(f"{path}: not a PNG")
    return struct.unpack(">II", head[16:24])


def _run(workdir, url, *flags):
    # A profile of its own per run: chromium locks its profile directory.
    profile = tempfile.mkdtemp(prefix="chromium-profile-", dir=workdir)
    return subprocess.run(
        [chromium(), *FLAGS, f"--user-data-dir={profile}",
         f"--window-size={WINDOW[0]},{WINDOW[1]}", *flags, url],
        stdin=subprocess.DEVNULL, capture_output=True, text=True,
        timeout=TIMEOUT, check=True)


def _page_requests(netlog):
    """The urls of the requests the page started, from a net log file."""
    log = json.loads(pathlib.Path(netlog).read_text())
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    # The job's start carries its url; its end, none.
    started = [event.get("params", {}) for event in log["events"]
               if event["type"] == start]
    return sorted({params["url"] for params in started
                   if "url" in params
                   and params.get("initiator") != BROWSER_OWN})
