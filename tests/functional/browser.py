"""Headless Chromium for the functional tests: a page's DOM, a
screenshot and every request the page made (DevTools' Network events).

tools/test installs Debian's ``chromium`` when it is missing.
"""

import base64
import fcntl
import json
import os
import shutil
import struct
import subprocess
import time
import zlib

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--no-default-browser-check",
         "--disable-extensions")


def chromium():
    return shutil.which("chromium") or shutil.which("chromium-browser")


class DevTools:
    """Chromium driven over ``--remote-debugging-pipe`` (fd 3 in, fd 4
    out, one JSON message per NUL): no driver, no extra library."""

    def __init__(self, workdir):
        chrome_in, self._to_chrome = os.pipe()
        self._from_chrome, chrome_out = os.pipe()

        def onto_3_and_4():
            # In the child: first out of the way of 3 and 4, then onto them.
            read_end = fcntl.fcntl(chrome_in, fcntl.F_DUPFD, 10)
            write_end = fcntl.fcntl(chrome_out, fcntl.F_DUPFD, 10)
            os.dup2(read_end, 3)
            os.dup2(write_end, 4)

        self.proc = subprocess.Popen(
            [chromium(), *FLAGS, "--remote-debugging-pipe",
             f"--user-data-dir={workdir / 'profile'}", "about:blank"],
            preexec_fn=onto_3_and_4, pass_fds=(3, 4),  # noqa: PLW1509
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(chrome_in)
        os.close(chrome_out)
        self._buffer = b""
        self._next_id = 0
        self.events = []

    def _read(self):
        while b"\0" not in self._buffer:
            chunk = os.read(self._from_chrome, 65536)
            if not chunk:
                raise EOFError("chromium closed the pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method, session=None, **params):
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]
            self.events.append(reply)

    def wait_for(self, method, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(e.get("method") == method for e in self.events):
                return
            self.events.append(self._read())
        raise TimeoutError(method)

    def close(self):
        self.proc.kill()
        self.proc.wait()
        os.close(self._to_chrome)
        os.close(self._from_chrome)


def open_page(url, workdir):
    """``(dom, png bytes, urls the page requested)`` for ``url``."""
    browser = DevTools(workdir)
    try:
        target = browser.call("Target.createTarget", url="about:blank")
        session = browser.call("Target.attachToTarget", flatten=True,
                               targetId=target["targetId"])["sessionId"]
        browser.call("Network.enable", session)
        browser.call("Page.enable", session)
        browser.call("Emulation.setDeviceMetricsOverride", session,
                     width=1024, height=900, deviceScaleFactor=1,
                     mobile=False)
        browser.call("Page.navigate", session, url=url)
        browser.wait_for("Page.loadEventFired")
        dom = browser.call(
            "Runtime.evaluate", session,
            expression="document.documentElement.outerHTML")["result"][
                "value"]
        png = base64.b64decode(browser.call(
            "Page.captureScreenshot", session, format="png")["data"])
        requested = sorted({
            e["params"]["request"]["url"] for e in browser.events
            if e.get("method") == "Network.requestWillBeSent"
            and e.get("sessionId") == session})
        return dom, png, requested
    finally:
        browser.close()


def png_pixels(data):
    """``(width, height, rows)`` of an 8-bit RGB(A) non-interlaced PNG,
    rows as lists of pixel tuples."""
    pos, chunks, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            chunks.append(body)
        pos += 12 + length
    width, height, depth, color, _, _, interlace = header
    assert depth == 8 and color in (2, 6) and not interlace, header
    size = 4 if color == 6 else 3
    raw = zlib.decompress(b"".join(chunks))
    stride = width * size
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            left = line[x - size] if x >= size else 0
            up = previous[x]
            corner = previous[x - size] if x >= size else 0
            line[x] = (line[x] + _predict(kind, left, up, corner)) & 0xFF
        rows.append([tuple(line[i:i + 3]) for i in range(0, stride, size)])
        previous = line
    return width, height, rows


def _predict(kind, left, up, corner):
    if kind == 0:
        return 0
    if kind == 1:
        return left
    if kind == 2:
        return up
    if kind == 3:
        return (left + up) // 2
    guess = left + up - corner
    near = min((abs(guess - left), 0), (abs(guess - up), 1),
               (abs(guess - corner), 2))[1]
    return (left, up, corner)[near]
