"""tests/unit mirrors the packages, module for module.

``tools/nova_glance_v2/X/Y.py`` is tested in ``tests/unit/X/test_Y.py``,
``harness/nova_glance_v2_harness/X/Y.py`` in
``tests/unit/harness/X/test_Y.py`` (a package's ``__init__.py`` in its
``test_init.py``). A module that defines a function needs its test
module, unless ``WITHOUT_UNIT_TESTS`` below says which functional test
runs it instead (or that none does); a test module at a mirrored path
needs its module, so a move or a rename cannot leave tests behind under
a stale name.
"""

import ast
import pathlib

import pytest

import nova_glance_v2
import nova_glance_v2_harness

UNIT = pathlib.Path(__file__).parent
PACKAGES = {
    pathlib.Path(nova_glance_v2.__file__).parent: UNIT,
    pathlib.Path(nova_glance_v2_harness.__file__).parent: UNIT / "harness",
}

# Modules with functions and no unit test module, each with the reason
# and what runs it instead (tests/functional), if anything.
_CLOUD = "needs Keystone and Glance answering: tests/functional/"
_ARGPARSE = ("argparse wiring of a command: run through the CLI by the "
             "functional tests; test_layout checks --help")
_LOCALCLOUD = ("the local cloud coming up: tests/functional/"
               "test_localcloud*.py, test_tls.py and every cloud fixture")
_BENCH = ("a benchmark run by hand (nova-glance-v2-harness bench); NO "
          "test runs it")
_GATE = "a gate step: test_gate*.py's gate run"
WITHOUT_UNIT_TESTS = {
    "checks/novaimage.py": _CLOUD + "test_verify.py, nova in-process",
    "cli/catalog.py": _ARGPARSE,
    "cli/legacy.py": _ARGPARSE,
    "cli/tempest_conf.py": _ARGPARSE,
    "cli/tempest_run.py": _ARGPARSE,
    "novaconf/configure.py": "the body of nova-conf configure/rollback: "
                             "unit-tested through that command in "
                             "cli/test_nova_conf.py",
    "harness/bench.py": "bench catalog: test_catalog.py runs it",
    "harness/big_files_bench.py": _BENCH,
    "harness/cli/bench.py": "argparse wiring of the benchmarks; only "
                            "bench catalog runs in a test (test_catalog)",
    "harness/gate/__init__.py": _GATE,
    "harness/gate/bench.py": _BENCH,
    "harness/gate/images.py": _GATE,
    "harness/gate/nova_download.py": _GATE,
    "harness/localcloud/bootstrap.py": _LOCALCLOUD,
    "harness/localcloud/cloud.py": _LOCALCLOUD,
    "harness/localcloud/nova_overlay.py": _LOCALCLOUD,
    "harness/localcloud/wsgi.py": _LOCALCLOUD,
    "harness/nova_image_bench/runner.py": _BENCH,
    "harness/nova_image_bench/worker.py": _BENCH,
}
# Test modules of the repository rather than of one module.
REPOSITORY_TESTS = {
    "test_ansible_module.py": "roles/*/library's Ansible module",
    "test_bootstrap.py": "tools/lib/venv.sh",
    "test_constraints.py": "constraints*.txt against upper-constraints",
    "test_layout.py": "the packages' shape",
    "test_mirror.py": "this file",
    "test_packaging.py": "setup.cfg and pbr",
    "test_roles.py": "roles/",
}


def _mirrored(module, package, tests):
    relative = module.relative_to(package)
    name = "test_init.py" if relative.name == "__init__.py" \
        else f"test_{relative.name}"
    return tests / relative.parent / name


def _key(module, package):
    relative = module.relative_to(package).as_posix()
    return relative if package.name == "nova_glance_v2" \
        else f"harness/{relative}"


def _has_function(module):
    return any(isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
               for node in ast.walk(ast.parse(module.read_text())))


MODULES = [(module, package, tests)
           for package, tests in PACKAGES.items()
           for module in sorted(package.rglob("*.py"))
           if module.name != "__main__.py"]


@pytest.mark.parametrize(("module", "package", "tests"), MODULES,
                         ids=[_key(m, p) for m, p, _ in MODULES])
def test_a_module_with_functions_has_its_test_module(module, package,
                                                     tests):
    key = _key(module, package)
    tested = _mirrored(module, package, tests).exists()
    if key in WITHOUT_UNIT_TESTS:
        assert not tested, (f"{key} has unit tests now: take it off "
                            "WITHOUT_UNIT_TESTS")
        assert _has_function(module), f"{key}: nothing to test"
    else:
        assert tested or not _has_function(module), (
            f"{key}: no {_mirrored(module, package, tests).relative_to(UNIT)}"
            " (or say in WITHOUT_UNIT_TESTS why none and what runs it)")


def test_every_allowed_module_exists():
    keys = {_key(m, p) for m, p, _ in MODULES}
    assert set(WITHOUT_UNIT_TESTS) - keys == set()


def test_every_test_module_has_its_module():
    mirrored = {_mirrored(m, p, t) for m, p, t in MODULES}
    stray = [path.relative_to(UNIT).as_posix()
             for path in sorted(UNIT.rglob("test_*.py"))
             if path not in mirrored
             and path.relative_to(UNIT).as_posix() not in REPOSITORY_TESTS]
    assert stray == []
