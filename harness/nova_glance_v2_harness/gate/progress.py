"""The gate's progress lines on stderr.

One line when a step starts and one when it ends, each stamped with the
time since the gate started; lines from inside a step (tempest's running
counts, where a playbook's output goes) are indented. stdout
stays free for the final summary (``-f json``).
"""

import sys
import time


class Progress:
    """Writes ``gate [m:ss] ...`` lines to ``stream`` (stderr)."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stderr
        self.began = time.monotonic()

    def _write(self, text):
        elapsed = int(time.monotonic() - self.began)
        self.stream.write(
            f"gate [{elapsed // 60}:{elapsed % 60:02d}] {text}\n")
        self.stream.flush()

    def start(self, step):
        self._write(f"start {step}")

    def end(self, row):
        self._write(f"{row['result']} {row['step']} "
                    f"({row['seconds']:.1f} s)")

    def note(self, text):
        """A line from inside a step (a subprocess's stderr)."""
        self._write(f"  {text}")
