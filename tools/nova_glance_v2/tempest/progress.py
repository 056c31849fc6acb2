"""Running counts of a tempest run, read from its growing subunit stream.

``tempest run --subunit`` writes one subunit v2 packet per test event as
the workers report them. While the run goes on, :func:`wait` reads what
has been written so far, cuts it after the last complete packet (a worker
may be half way through one) and reports passed, failed and skipped
counts every few seconds, so that a long run shows it is alive and how
it goes.
"""

import subprocess
import time

SIGNATURE = 0xB3
INTERVAL = 10.0


def complete_prefix(data):
    """The longest prefix of ``data`` made of whole subunit v2 packets.

    A packet is the signature byte, two flag bytes and a length (1 to 4
    bytes, the top two bits of the first saying how many follow) that
    counts the whole packet. Anything that is not a packet ends the walk.
    """
    pos = 0
    while pos + 4 <= len(data) and data[pos] == SIGNATURE:
        first = data[pos + 3]
        extra = first >> 6
        if pos + 4 + extra > len(data):
            break
        length = first & 0x3F
        for byte in data[pos + 4:pos + 4 + extra]:
            length = (length << 8) | byte
        if length < 4 + extra or pos + length > len(data):
            break
        pos += length
    return data[:pos]


def tally(tests):
    """``{"passed", "failed", "skipped"}`` over parsed subunit results."""
    counts = {"passed": 0, "failed": 0, "skipped": 0}
    for test in tests.values():
        if test.status in ("success", "xfail"):
            counts["passed"] += 1
        elif test.status in ("fail", "uxsuccess"):
            counts["failed"] += 1
        elif test.status == "skip":
            counts["skipped"] += 1
    return counts


def line(counts, seconds):
    return (f"tempest: {counts['passed']} passed, {counts['failed']} "
            f"failed, {counts['skipped']} skipped after {seconds:.0f} s")


def wait(proc, subunit_file, parse, report, timeout, interval=INTERVAL):
    """Wait for ``proc``, calling ``report(line)`` every ``interval`` s.

    ``parse`` turns subunit bytes into ``{id: TestResult}``. Raises
    :class:`subprocess.TimeoutExpired` after ``timeout`` seconds, with
    the process killed.
    """
    began = time.monotonic()
    while True:
        left = timeout - (time.monotonic() - began)
        try:
            return proc.wait(timeout=max(0.0, min(interval, left)))
        except subprocess.TimeoutExpired:
            if time.monotonic() - began >= timeout:
                proc.kill()
                proc.wait()
                raise
        if report is not None:
            with open(subunit_file, "rb") as stream:
                tests = parse(complete_prefix(stream.read()))
            report(line(tally(tests), time.monotonic() - began))
