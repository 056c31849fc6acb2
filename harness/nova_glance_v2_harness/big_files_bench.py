"""``nova-glance-v2-harness bench big-files``: the CLI on oversized nova.conf
files.

Two figures from the reliability trial of issue 14, measured on files
made for the run in a temporary directory, each with a real
``nova-glance-v2 nova-conf configure --dry-run --diff`` process:

- a ``[glance] api_servers`` of 10,000 scheme-less, versioned urls (each
  one migrated, so each one noted), printed as a table and as JSON: the
  table took 129 s against 1.8 s in JSON before its cells were wrapped
  by the standard textwrap;
- a 50 MB nova.conf, one long ``[DEFAULT]`` then a ``[glance]`` with the
  legacy ``host``/``port`` to migrate: wall time and the process's peak
  memory; and the same file with a legacy ``[DEFAULT] glance_api_insecure``
  at its top, so the big section itself is edited (ConfigUpdater reads a
  section only when the plan edits it).

Figures belong here, not in timed tests: a busy machine makes a timing
assertion flaky, and a benchmark says how far from a target a run is.
"""

import os
import subprocess
import sys
import tempfile
import time

API_SERVERS = 10_000
BIG_FILE_MB = 50


def write_api_servers_conf(path, count=API_SERVERS):
    """A nova.conf whose api_servers lists ``count`` urls to migrate."""
    urls = ",".join(f"glance{i}.example.org:9292/v2" for i in range(count))
    with open(path, "w") as conf:
        conf.write("[DEFAULT]\ndebug = true\n[glance]\n"
                   f"api_servers = {urls}\n")


def write_big_conf(path, megabytes=BIG_FILE_MB, edit_default=False):
    """A nova.conf of about ``megabytes`` MB: one long [DEFAULT], then a
    [glance] of legacy options to migrate; with ``edit_default``, a legacy
    option in [DEFAULT] as well."""
    with open(path, "w") as conf:
        conf.write("[DEFAULT]\n")
        if edit_default:
            conf.write("glance_api_insecure = false\n")
        number = 0
        while conf.tell() < megabytes * 1_000_000:
            conf.write(f"option_{number} = value_{number}_{'x' * 40}\n")
            number += 1
        conf.write("[glance]\nhost = controller\nport = 9292\n")


def _timed_dry_run(path, fmt):
    """Seconds and peak MiB of one ``configure --dry-run --diff``."""
    began = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "nova_glance_v2.cli", "-f", fmt, "nova-conf",
         "configure", "--config-file", path, "--dry-run", "--diff"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = round(time.monotonic() - began, 2)
    proc.returncode = os.waitstatus_to_exitcode(status)
    error = proc.stderr.read().decode(errors="replace").strip()
    proc.stderr.close()
    if proc.returncode:
        raise RuntimeError(f"dry run of {path} exited {proc.returncode}: "
                           f"{error}")
    # ru_maxrss is in KiB on Linux.
    return seconds, round(usage.ru_maxrss / 1024)


def run(api_servers=API_SERVERS, megabytes=BIG_FILE_MB):
    """Measure both cases; return the figures."""
    with tempfile.TemporaryDirectory() as directory:
        many = os.path.join(directory, "many-api-servers.conf")
        big = os.path.join(directory, "big.conf")
        big_default = os.path.join(directory, "big-default.conf")
        write_api_servers_conf(many, api_servers)
        write_big_conf(big, megabytes)
        write_big_conf(big_default, megabytes, edit_default=True)
        table_s, _ = _timed_dry_run(many, "table")
        json_s, _ = _timed_dry_run(many, "json")
        big_s, big_mib = _timed_dry_run(big, "json")
        default_s, default_mib = _timed_dry_run(big_default, "json")
        size_mb = round(os.path.getsize(big) / 1_000_000, 1)
    return {
        "api_servers": api_servers,
        "api_servers_table_seconds": table_s,
        "api_servers_json_seconds": json_s,
        "big_file_mb": size_mb,
        "big_file_dry_run_seconds": big_s,
        "big_file_dry_run_peak_mib": big_mib,
        "big_default_edited_dry_run_seconds": default_s,
        "big_default_edited_dry_run_peak_mib": default_mib,
    }
