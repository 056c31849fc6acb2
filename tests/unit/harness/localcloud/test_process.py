"""localcloud/process.py on a small server of its own (Python's
http.server on a free loopback port), not a service of the cloud: start,
health, the pid check that keeps recycled pids safe, stop of the whole
process group."""

import os
import socket
import sys

import pytest

from nova_glance_v2 import errors
from nova_glance_v2_harness.localcloud import process


def _free_port():
    with socket.socket() as sock:
        sock.bind((process.HOST, 0))
        return sock.getsockname()[1]


def _server(tmp_path, port, argv):
    return process.ServerProcess(
        name="toy", argv=argv, env=dict(os.environ),
        pid_file=str(tmp_path / "toy.pid"),
        log_file=str(tmp_path / "toy.log"),
        health_url=f"http://{process.HOST}:{port}/",
        marker=str(tmp_path))


@pytest.fixture
def toy(tmp_path):
    """A server whose group also holds a child (as a uWSGI master's
    workers), with the state directory on its command line."""
    port = _free_port()
    script = (f"sleep 300 & exec {sys.executable} -m http.server {port} "
              f"--bind {process.HOST} --directory {tmp_path}")
    server = _server(tmp_path, port, ["/bin/sh", "-c", script])
    proc = server.start()
    yield server, proc, port
    if proc.poll() is None:
        os.killpg(proc.pid, 9)
        proc.wait()


def test_start_health_and_a_clean_stop(toy):
    server, proc, port = toy
    server.wait_healthy(proc, timeout=60)
    assert server.pid() == proc.pid
    with pytest.raises(errors.BadInput, match=f"port {port} .* in use"):
        process.ensure_port_free(port, "toy")
    group = [int(p) for p in os.listdir("/proc") if p.isdigit()
             and _pgid(int(p)) == proc.pid]
    assert len(group) == 2
    assert server.stop(port) == proc.pid
    assert proc.poll() is not None
    # Gone, or a zombie waiting for init to collect it: not running.
    assert [_state(p) for p in group] in (
        [None, None], [None, "Z"], ["Z", None], ["Z", "Z"])
    assert not os.path.exists(server.pid_file)
    assert process.port_is_free(port)


def _state(pid):
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return None


def _pgid(pid):
    try:
        return os.getpgid(pid)
    except ProcessLookupError:
        return None


def test_a_pid_that_is_not_ours_is_never_signalled(tmp_path):
    # A recycled pid: this test's own process, without the marker.
    server = _server(tmp_path, _free_port(), ["true"])
    (tmp_path / "toy.pid").write_text(f"{os.getpid()}\n")
    assert server.pid() is None
    assert server.stop(_free_port(), grace=0.5) is None
    assert not os.path.exists(server.pid_file)


def test_a_server_that_dies_while_starting_shows_its_log(tmp_path):
    server = _server(tmp_path, _free_port(), [
        "/bin/sh", "-c", f"echo cannot start {tmp_path} >&2; exit 3"])
    proc = server.start()
    with pytest.raises(errors.CheckFailed) as raised:
        server.wait_healthy(proc, timeout=30)
    assert "toy exited with 3 while starting" in str(raised.value)
    assert "cannot start" in str(raised.value)


def test_log_tail_without_a_log(tmp_path):
    assert _server(tmp_path, 1, ["true"]).log_tail() == "(no log)"
