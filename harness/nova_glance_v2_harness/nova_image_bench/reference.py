"""The bench's references: ``cp`` of the same data, and what a download
costs without nova.

A nova download is glance reading its store file and sending it over
HTTP, glanceclient receiving it and checking its SHA-512 (the image's
``os_hash_value``), and nova writing it to a file, which it syncs. ``cp``
does only the read and the write, in the kernel. The breakdown times the
parts on their own: the same copy made in Python with nova's chunk size
and ``fsync``, the hash over the store file, and glance serving the file
to a client that discards it.
"""

import hashlib
import os
import subprocess
import time

from nova_glance_v2_harness import nova_image_bench as bench


def _timed(call):
    began = time.monotonic()
    call()
    return time.monotonic() - began


def cp_seconds(source, workdir):
    """Seconds ``cp`` takes to copy ``source`` into ``workdir``."""
    target = os.path.join(workdir, "cp-reference")
    seconds = _timed(lambda: subprocess.run(["cp", source, target],
                                            check=True))
    os.unlink(target)
    return seconds


def sha512_seconds(path):
    """Seconds to hash ``path`` as glanceclient checks a download."""
    def digest():
        checksum = hashlib.sha512()
        with open(path, "rb") as data:
            for chunk in iter(lambda: data.read(bench.MIB), b""):
                checksum.update(chunk)
    return _timed(digest)


def python_copy_seconds(source, workdir):
    """Seconds to copy ``source`` in 1 MiB reads and writes, then fsync,
    as nova writes a download (cp neither goes through user space nor
    syncs).
    """
    target = os.path.join(workdir, "python-copy-reference")

    def copy():
        with open(source, "rb") as data, open(target, "wb") as copied:
            for chunk in iter(lambda: data.read(bench.MIB), b""):
                copied.write(chunk)
            copied.flush()
            os.fsync(copied.fileno())
    seconds = _timed(copy)
    os.unlink(target)
    return seconds


def glance_serving_seconds(session, glance_url, image_id):
    """Seconds glance takes to send an image to a client that drops it."""
    def fetch():
        response = session.get(f"{glance_url}/v2/images/{image_id}/file",
                               stream=True)
        for _ in response.iter_content(bench.MIB):
            pass
    return _timed(fetch)


def measure(store_file, snapshot, workdir, session, glance_url, big_id):
    """One repetition of every reference: seconds by name."""
    return {
        "cp download": cp_seconds(store_file, workdir),
        "cp upload": cp_seconds(snapshot, workdir),
        "copy in Python, fsync": python_copy_seconds(store_file, workdir),
        "sha512 of the image": sha512_seconds(store_file),
        "glance serving, discarded": glance_serving_seconds(
            session, glance_url, big_id),
    }
