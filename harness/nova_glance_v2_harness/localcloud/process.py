"""Start, watch and stop the local cloud's server processes.

Each server runs in a session of its own, so that stopping it can signal
the whole process group (a uWSGI or gunicorn master and its workers) and
nothing is left behind. The pid file is ours, written from ``Popen.pid``;
before signalling a pid read back from it we check that the process still
names our state directory on its command line, so a recycled pid is never
killed.
"""

import errno
import os
import signal
import socket
import ssl
import subprocess
import time
import urllib.error
import urllib.request

from nova_glance_v2 import errors

HOST = "127.0.0.1"
LOG_TAIL_LINES = 30


def ensure_port_free(port, what):
    """Raise BadInput when ``port`` on the loopback address is taken."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((HOST, port))
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE:
                raise
            raise errors.BadInput(
                f"port {port} on {HOST} ({what}) is already in use; stop "
                f"what holds it or choose another port"
            ) from None


def port_is_free(port):
    try:
        ensure_port_free(port, "check")
    except errors.BadInput:
        return False
    return True


class ServerProcess:
    """One server of the local cloud: its command, pid file and log."""

    def __init__(self, name, argv, env, pid_file, log_file, health_url,
                 marker, ca_file=None):
        self.name = name
        self.argv = argv
        self.env = env
        self.pid_file = pid_file
        self.log_file = log_file
        self.health_url = health_url
        # A string that is on the command line of every process we start
        # (the state directory), checked before any signal is sent.
        self.marker = marker
        # The CA that signed an https server's certificate: the health
        # check verifies it like any client.
        self.ca_file = ca_file

    def start(self):
        with open(self.log_file, "ab") as log:
            proc = subprocess.Popen(
                self.argv, env=self.env, stdin=subprocess.DEVNULL,
                stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True, close_fds=True,
            )
        with open(self.pid_file, "w") as pid_file:
            pid_file.write(f"{proc.pid}\n")
        return proc

    def pid(self):
        """The pid of our running server, or None."""
        try:
            with open(self.pid_file) as pid_file:
                pid = int(pid_file.read().strip())
        except (OSError, ValueError):
            return None
        return pid if self._is_ours(pid) else None

    def _is_ours(self, pid):
        return pid in pids_naming(self.marker, [pid])

    def healthy(self, timeout=2.0):
        """True when the server answers HTTP below 500."""
        context = (ssl.create_default_context(cafile=self.ca_file)
                   if self.ca_file else None)
        try:
            with urllib.request.urlopen(  # noqa: S310 - loopback only
                self.health_url, timeout=timeout, context=context
            ):
                return True
        except urllib.error.HTTPError as exc:
            return exc.code < 500
        except (OSError, ValueError):
            return False

    def wait_healthy(self, proc, timeout):
        """Wait until the server answers; fail with its log's tail."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise errors.CheckFailed(
                    f"{self.name} exited with {proc.returncode} while "
                    f"starting; log {self.log_file}:\n{self.log_tail()}"
                )
            if self.healthy():
                return
            time.sleep(0.2)
        raise errors.CheckFailed(
            f"{self.name} did not answer {self.health_url} within "
            f"{timeout:.0f} s; log {self.log_file}:\n{self.log_tail()}"
        )

    def log_tail(self, lines=LOG_TAIL_LINES):
        try:
            with open(self.log_file, errors="replace") as log:
                return "".join(log.readlines()[-lines:])
        except OSError:
            return "(no log)"

    def stop(self, port, grace=5.0):
        """Stop the process group, escalating to SIGKILL after ``grace``.

        Some servers ignore SIGTERM for longer than anyone wants to wait:
        nova-api's uWSGI master, even with ``--die-on-term``, still served
        10 s after SIGTERM (../shared/reference/local-cloud-notes.md),
        hence the escalation and the final check that the port is free.
        """
        pid = self.pid()
        if pid is not None:
            _signal_group(pid, signal.SIGTERM)
            if not _wait_gone(pid, grace):
                _signal_group(pid, signal.SIGKILL)
                _wait_gone(pid, grace)
        _remove(self.pid_file)
        deadline = time.monotonic() + grace
        while not port_is_free(port):
            if time.monotonic() > deadline:
                raise errors.CheckFailed(
                    f"{self.name} stopped but port {port} is still in use"
                )
            time.sleep(0.1)
        return pid


def pids_naming(marker, candidates=None):
    """Live (not zombie) pids whose command line contains ``marker``.

    ``candidates`` limits the search to those pids (default: all).
    """
    found = []
    for pid in candidates or [int(e) for e in os.listdir("/proc")
                              if e.isdigit()]:
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
                argv = cmdline.read().decode(errors="replace")
            with open(f"/proc/{pid}/stat") as stat:
                state = stat.read().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z" and marker in argv:
            found.append(pid)
    return found


def _signal_group(pid, signum):
    try:
        os.killpg(pid, signum)
    except ProcessLookupError:
        pass


def _wait_gone(pid, timeout):
    """Wait until no process of ``pid``'s group is left."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        _reap(pid)
        if not _group_alive(pid):
            return True
        time.sleep(0.1)
    return False


def _group_alive(pgid):
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # killpg(0) also succeeds for zombies waiting on their parent.
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            return True
    return False


def _reap(pid):
    """Collect our own exited child, if it is one, so it is not a zombie."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass


def _remove(path):
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
