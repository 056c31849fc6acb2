"""Config writes killed at random moments, and run at the same time.

``nova-conf configure`` promises an atomic replace: whenever the process
dies, the file is exactly the old or the new content with its mode and
owner. The runs here are real ``nova-glance-v2`` processes, killed with
SIGKILL (no handler can tidy up), on a 5 MB nova.conf.
"""

import concurrent.futures
import os
import random
import signal
import stat
import subprocess
import sys
import time

import pytest

from tests.functional import figures
from tests.functional.conftest import run_cli

pytestmark = pytest.mark.functional

KILLED_RUNS = 100
CONCURRENT_RUNS = 8
URLS = ("http://ctl1:9292", "http://ctl2:9292")
OWNER = (4242, 4343)  # the tests run as root
MODE = 0o640


def _big_nova_conf(path):
    """5 MB: nova's usual sections with long comment blocks between."""
    comment = "".join(f"# {i:04d} " + "x" * 5000 + "\n" for i in range(1000))
    path.write_text(
        "[DEFAULT]\nmy_ip = 192.0.2.10\n" + comment
        + "[database]\nconnection = mysql+pymysql://nova:Db-S3cret@db/nova\n"
        + f"[glance]\napi_servers = {URLS[0]}\n")
    os.chown(path, *OWNER)
    os.chmod(path, MODE)


def _argv(path, url, backups):
    return [sys.executable, "-m", "nova_glance_v2.cli", "-f", "json",
            "nova-conf", "configure", "--config-file", str(path),
            "--api-servers", url, "--backup-dir", str(backups)]


def _contents(path, backups):
    """The file's content for each url, as an undisturbed run writes it."""
    found = {}
    for url in (URLS[1], URLS[0]):
        run_cli(*_argv(path, url, backups)[3:])
        found[url] = path.read_bytes()
    return found


def _temporaries(directory):
    return [n for n in os.listdir(directory) if n.endswith(".tmp")]


def test_sigkill_at_random_moments_leaves_old_or_new(tmp_path):
    conf_dir = tmp_path / "etc"
    backups = tmp_path / "backups"
    conf_dir.mkdir()
    backups.mkdir()
    path = conf_dir / "nova.conf"
    _big_nova_conf(path)
    began = time.monotonic()
    contents = _contents(path, backups)
    # One undisturbed run takes about this long; kill within it.
    run_time = (time.monotonic() - began) / 2
    rng = random.Random(14)  # reproducible moments
    killed = 0
    for attempt in range(KILLED_RUNS):
        before = path.read_bytes()
        url = URLS[attempt % 2]
        proc = subprocess.Popen(_argv(path, url, backups),
                                stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        started = time.monotonic()
        time.sleep(rng.uniform(0, run_time))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed += 1
        else:
            # Done before the kill: the machine got faster; aim within
            # what a run takes now.
            run_time = time.monotonic() - started
        proc.wait()
        now = path.read_bytes()
        assert now in (before, contents[url]), f"attempt {attempt}: torn"
        st = os.stat(path)
        assert (stat.S_IMODE(st.st_mode), st.st_uid, st.st_gid) == (
            MODE, *OWNER), f"attempt {attempt}"
        for backup in os.listdir(backups):
            if backup.endswith(".bak"):
                # Complete or absent, never half a backup; then cleared to
                # keep 100 copies of 5 MB off the disk.
                assert (backups / backup).read_bytes() in contents.values()
                assert stat.S_IMODE(os.stat(backups / backup).st_mode) == (
                    0o600)
                os.unlink(backups / backup)
        figures.count("interrupted writes")
    figures.count("interrupted writes killed mid-run", killed)
    # The next run clears what the killed ones left and converges.
    run_cli(*_argv(path, URLS[0], backups)[3:])
    assert path.read_bytes() == contents[URLS[0]]
    assert _temporaries(conf_dir) == []
    assert _temporaries(backups) == []
    # Most runs must really have been killed, or nothing was tested.
    assert killed > KILLED_RUNS / 2


def test_concurrent_configure_equals_one_run(tmp_path):
    path = tmp_path / "nova.conf"
    path.write_text("[DEFAULT]\nmy_ip = 192.0.2.10\n"
                    "[glance]\nhost = ctl1\nport = 9292\n")
    os.chown(path, *OWNER)
    os.chmod(path, MODE)
    alone = tmp_path / "alone.conf"
    alone.write_bytes(path.read_bytes())
    run_cli("nova-conf", "configure", "--config-file", str(alone),
            "--mode", "catalog", "--region", "RegionOne")
    with concurrent.futures.ThreadPoolExecutor(CONCURRENT_RUNS) as pool:
        runs = list(pool.map(lambda _: run_cli(
            "-f", "json", "nova-conf", "configure", "--config-file",
            str(path), "--mode", "catalog", "--region", "RegionOne"),
            range(CONCURRENT_RUNS)))
    assert all(done.returncode == 0 for done in runs)
    assert path.read_bytes() == alone.read_bytes()
    # One run changed the file and made the one backup; the others waited
    # for it and found nothing left to do.
    backups = [n for n in os.listdir(tmp_path) if n.startswith("nova.conf.")
               and n.endswith(".bak")]
    assert len(backups) == 1, backups
    st = os.stat(path)
    assert (stat.S_IMODE(st.st_mode), st.st_uid, st.st_gid) == (MODE, *OWNER)
    assert _temporaries(tmp_path) == []
    figures.count("concurrent configure runs", CONCURRENT_RUNS)
