"""nova's own option definitions accept every migrated corpus file.

``oslo-config-validator`` loads the options nova registers (the namespaces
of nova's ``etc/nova/nova-config-generator.conf``) and fails on an option
nova does not know, so it catches a misspelt or removed option we write.
Functional: each run is a process of OpenStack's own tool loading nova's
options (about two minutes of the unit run on a busy 2-core machine).
"""

import concurrent.futures
import os
import pathlib
import subprocess
import sys

import pytest

from nova_glance_v2 import novaconf
from nova_glance_v2.novaconf import document
from nova_glance_v2.novaconf import plan as novaconf_plan
from tests.unit.novaconf.corpus_cases import REGION
from tests.unit.novaconf.corpus_cases import cases
from tests.unit.novaconf.corpus_cases import source

pytestmark = pytest.mark.functional

VALIDATOR = pathlib.Path(sys.executable).parent / "oslo-config-validator"
NAMESPACES = (
    "nova.conf", "oslo.log", "oslo.messaging", "oslo.policy",
    "oslo.privsep", "oslo.service.periodic_task", "oslo.service.service",
    "oslo.db", "oslo.cache", "oslo.middleware", "oslo.concurrency",
    "keystonemiddleware.auth_token", "osprofiler", "oslo.reports",
    "oslo.limit",
)


def validate(path):
    command = [str(VALIDATOR), "--input-file", str(path)]
    for namespace in NAMESPACES:
        command += ["--namespace", namespace]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    return done.returncode, done.stdout + done.stderr


def _migrated(tmp_path, stem, mode):
    request = novaconf_plan.Request(
        mode=mode, region=REGION if mode == "catalog" else None
    )
    plan = novaconf_plan.plan(
        document.parse(stem, source(stem).read_text()), request
    )
    path = tmp_path / f"{stem}.{mode}.conf"
    path.write_text(plan.new_text)
    return path


def test_validator_accepts_every_migrated_file(tmp_path):
    paths = [_migrated(tmp_path, stem, mode) for stem, mode in cases()]
    assert {p.name.split(".")[1] for p in paths} == set(novaconf.MODES)
    # One validator run takes about a second; run them side by side.
    with concurrent.futures.ThreadPoolExecutor(os.cpu_count()) as pool:
        results = dict(zip(paths, pool.map(validate, paths), strict=True))
    failed = {
        path.name: output for path, (code, output) in results.items()
        if code != 0 or "ERROR" in output
    }
    assert not failed


@pytest.mark.parametrize(
    "stem", ["kilo_default_host", "liberty_glance_section"]
)
def test_validator_rejects_the_legacy_file(stem):
    # The control: the same check fails on the files before migration.
    code, output = validate(source(stem))
    assert code != 0
    assert "is not part of the sample config" in output
