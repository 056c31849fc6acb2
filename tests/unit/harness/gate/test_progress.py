"""gate/progress.py: the gate's stderr lines, stamped and flushed."""

import io

from nova_glance_v2_harness.gate import progress


class Clock:
    """time.monotonic, moved by hand."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_lines_are_stamped_with_the_time_since_the_start(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(progress.time, "monotonic", clock)
    stream = io.StringIO()
    lines = progress.Progress(stream)
    lines.start("catalog ensure")
    clock.now += 75.9
    lines.note("tempest: 3 passed")
    clock.now += 600
    lines.end({"result": "PASS", "step": "catalog ensure",
               "seconds": 675.94})
    assert stream.getvalue().splitlines() == [
        "gate [0:00] start catalog ensure",
        "gate [1:15]   tempest: 3 passed",
        "gate [11:15] PASS catalog ensure (675.9 s)",
    ]


def test_stderr_by_default(capsys):
    progress.Progress().start("x")
    assert capsys.readouterr().err == "gate [0:00] start x\n"
