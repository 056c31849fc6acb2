"""The devstack plugin, run through tests/functional/devstack/harness.sh.

devstack cannot run here, so the harness implements the devstack plugin
API the plugin relies on and sources ``devstack/settings`` and
``devstack/plugin.sh`` in devstack's order, against the real local cloud
and real config files:

- a copy of this repository stands for devstack's clone in ``$DEST``,
  installed by the plugin with real pip into a throwaway global venv that
  sees the project venv's packages (what devstack installed before);
- ``/etc/openstack/clouds.yaml`` is a clouds.yaml with a
  ``devstack-admin`` cloud for an admin user whose password has spaces,
  quotes and ``$``;
- the catalog starts as devstack leaves it: the image service with one
  public, unversioned endpoint at ``$GLANCE_URL``;
- ``$NOVA_CONF``, ``$NOVA_CPU_CONF`` and ``nova_cell1.conf`` are copies of
  the local cloud's nova.conf; ``$TEMPEST_CONFIG`` a devstack-like
  tempest.conf;
- ``$DEST/nova`` is a git clone of the whole installed nova 34.0.0 tree,
  for the install phase to patch.

Every path has a space in it, to catch unquoted variables.
"""

import configparser
import glob
import hashlib
import importlib.util
import os
import re
import secrets
import shlex
import shutil
import subprocess
import sys
import sysconfig

import pytest
import yaml
from oslo_config import cfg

from nova_glance_v2.novapatch import series as novapatch_series
from nova_glance_v2_harness.localcloud import bootstrap
from nova_glance_v2_harness.localcloud import layout as layout_mod
from tests.functional.conftest import remove_image_services

pytestmark = [pytest.mark.functional, pytest.mark.upstream]

TOP = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
HARNESS = os.path.join(TOP, "tests", "functional", "devstack", "harness.sh")
PROJECT_VENV = sys.prefix
MODES = ("api_servers", "catalog", "endpoint_override")
HARNESS_TIMEOUT = 900

# Spaces, both quotes, $, backquote, backslash, #, !: whatever bash, YAML
# or an ini file could mangle. The random tail keeps it from showing up in
# output by chance.
NASTY_PASSWORD = (
    "p a$s 'w\"o` $(id) ${HOME} \\ #!% " + secrets.token_urlsafe(8)
)
ADMIN_USER = "ngv2-devstack-admin"


# The local cloud as devstack leaves it
# =====================================

def _image_catalog(conn):
    """The image services and their endpoints, comparable."""
    services = list(conn.identity.services(type="image"))
    ids = {service.id for service in services}
    endpoints = [ep for ep in conn.identity.endpoints() if ep.service_id in
                 ids]
    return {
        "services": sorted((s.id, s.name) for s in services),
        "endpoints": sorted((e.id, e.service_id, e.interface, e.url,
                             e.region_id) for e in endpoints),
    }


@pytest.fixture(scope="module")
def admin_conn(local_cloud):
    cloud, _ = local_cloud
    conn = bootstrap.admin_connection(cloud.layout)
    # Put the image part of the catalog back as it was afterwards: the
    # local cloud is shared with the other functional tests.
    before = [
        (service, list(conn.identity.endpoints(service_id=service.id)))
        for service in conn.identity.services(type="image")
    ]
    yield conn
    remove_image_services(conn.session)
    for service, endpoints in before:
        new = conn.identity.create_service(
            name=service.name, type=service.type,
            description=service.description, is_enabled=service.is_enabled)
        for endpoint in endpoints:
            conn.identity.create_endpoint(
                service_id=new.id, interface=endpoint.interface,
                url=endpoint.url, region_id=endpoint.region_id)


@pytest.fixture(scope="module")
def devstack_admin(admin_conn, local_cloud):
    """An admin user with a nasty password, as the devstack-admin cloud."""
    _, status = local_cloud
    identity = admin_conn.identity
    stale = identity.find_user(ADMIN_USER, domain_id="default")
    if stale:
        identity.delete_user(stale)
    user = identity.create_user(name=ADMIN_USER, password=NASTY_PASSWORD,
                                domain_id="default")
    project = identity.find_project("admin", domain_id="default")
    identity.assign_project_role_to_user(
        project, user, identity.find_role("admin"))
    # devstack's auth_url is keystone's unversioned KEYSTONE_SERVICE_URI.
    auth_url = re.sub(r"/v3/?$", "", status["services"]["keystone"]["url"])
    yield {
        "auth_url": auth_url,
        "username": ADMIN_USER,
        "user_domain_id": "default",
        "password": NASTY_PASSWORD,
        "project_name": "admin",
        "project_domain_id": "default",
    }
    identity.delete_user(user)


@pytest.fixture
def devstack_catalog(admin_conn, glance_url):
    """The image catalog after devstack's own registration (lib/glance):
    service ``glance``, one public endpoint at the unversioned GLANCE_URL.
    """
    remove_image_services(admin_conn.session)
    service = admin_conn.identity.create_service(
        name="glance", type="image", description="Glance Image Service")
    admin_conn.identity.create_endpoint(
        service_id=service.id, interface="public", url=glance_url,
        region_id=layout_mod.REGION)
    return admin_conn


# A devstack node
# ===============

def _copy_checkout(dest):
    """This repository as devstack's clone of the plugin in $DEST.

    A git repository, as devstack's clone is: pbr reads the version from
    git when setup_develop installs it.
    """
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc")
    os.makedirs(dest)
    for name in ("devstack", "patches",
                 os.path.join("tools", "nova_glance_v2")):
        shutil.copytree(os.path.join(TOP, name), os.path.join(dest, name),
                        ignore=ignore, symlinks=True)
    for name in ("pyproject.toml", "setup.cfg", "setup.py",
                 "requirements.txt", "MANIFEST.in", "README.rst"):
        shutil.copy(os.path.join(TOP, name), dest)
    for args in (["init", "-q"], ["add", "-A"],
                 ["commit", "-q", "-m", "nova-glance-v2"]):
        _git(dest, *args)


@pytest.fixture(scope="module")
def nova_upstream(tmp_path_factory):
    """The installed nova 34.0.0, whole, as a git repository to clone.

    devstack clones nova into ``$DEST/nova``; each node clones this one
    (a local clone, cheap), so the install phase patches a complete nova
    tree, tests and all, as it would on a devstack node.
    """
    dest = tmp_path_factory.mktemp("nova upstream")
    installed = os.path.dirname(os.path.dirname(
        importlib.util.find_spec("nova").origin))
    shutil.copytree(os.path.join(installed, "nova"), dest / "nova",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for args in (["init", "-q"], ["add", "-A"],
                 ["commit", "-q", "-m", "nova 34.0.0"]):
        _git(dest, *args)
    return str(dest)


def _git(cwd, *args):
    git = ["git", "-c", "user.name=devstack", "-c", "user.email=d@localhost"]
    return subprocess.run(git + list(args), cwd=cwd, check=True, text=True,
                          capture_output=True).stdout


def _tempest_conf(status):
    """What devstack's configure_tempest writes that matters here."""
    keystone = status["services"]["keystone"]["url"]
    return (
        "[DEFAULT]\nlog_file = tempest.log\n\n"
        f"[identity]\nuri_v3 = {keystone}\nauth_version = v3\n"
        f"region = {layout_mod.REGION}\n\n"
        "[identity-feature-enabled]\napi_v2 = False\n\n"
        "[auth]\nuse_dynamic_credentials = True\n\n"
        "[service_available]\nglance = True\nnova = True\n\n"
        "[image]\nbuild_timeout = 196\n\n"
        "[compute]\nbuild_timeout = 196\n"
    )


class Node:
    """The files and environment of one devstack node in ``root``."""

    def __init__(self, root, local_cloud, admin_auth, glance_url,
                 nova_upstream):
        cloud, status = local_cloud
        self.root = root
        self.dest = os.path.join(root, "opt stack")
        self.checkout = os.path.join(self.dest, "nova-glance-v2")
        self.nova_checkout = os.path.join(self.dest, "nova")
        self.venv = os.path.join(self.dest, "data", "venv")
        self.clouds_dir = os.path.join(root, "etc openstack")
        self.nova_dir = os.path.join(root, "etc nova")
        self.tempest_conf = os.path.join(root, "tempest etc", "tempest.conf")
        self.nova_confs = [os.path.join(self.nova_dir, name) for name in
                           ("nova.conf", "nova-cpu.conf", "nova_cell1.conf")]
        self.localrc = os.path.join(root, "local.conf localrc")
        self.glance_url = glance_url
        _copy_checkout(self.checkout)
        _git(self.dest, "clone", "-q", nova_upstream, self.nova_checkout)
        os.makedirs(self.clouds_dir)
        os.makedirs(self.nova_dir)
        os.makedirs(os.path.dirname(self.tempest_conf))
        for conf in self.nova_confs:
            shutil.copy(cloud.layout.nova_conf, conf)
        # A cell conductor file devstack did not write and a backup of
        # one: neither is a nova_cell<N>.conf.
        for name in ("nova_cellX.conf", "nova_cell1.conf.orig"):
            shutil.copy(cloud.layout.nova_conf,
                        os.path.join(self.nova_dir, name))
        with open(self.tempest_conf, "w") as conf:
            conf.write(_tempest_conf(status))
        # What devstack's write_clouds_yaml (tools/update_clouds_yaml.py)
        # writes for the devstack-admin cloud.
        clouds = {"clouds": {"devstack-admin": {
            "region_name": layout_mod.REGION, "auth": admin_auth,
        }}}
        clouds_yaml = os.path.join(self.clouds_dir, "clouds.yaml")
        fd = os.open(clouds_yaml, os.O_WRONLY | os.O_CREAT, 0o600)
        with os.fdopen(fd, "w") as clouds_file:
            yaml.safe_dump(clouds, clouds_file)

    def write_localrc(self, *lines, admin_password=NASTY_PASSWORD):
        """local.conf's localrc section: the plugin and ``lines``."""
        text = "\n".join((
            f"ADMIN_PASSWORD={shlex.quote(admin_password)}",
            f"enable_plugin nova-glance-v2 {shlex.quote(self.checkout)}",
            *lines,
        ))
        with open(self.localrc, "w") as localrc:
            localrc.write(text + "\n")

    def env(self):
        """Environment: the harness's, and the globals of devstack's libs."""
        env = {
            key: value for key, value in os.environ.items()
            if not key.startswith(("OS_", "NOVA_GLANCE_V2_"))
        }
        env.update({
            "NGV2_HARNESS_LOCALRC": self.localrc,
            "NGV2_HARNESS_DIR": self.root,
            "NGV2_HARNESS_UPPER_CONSTRAINTS":
                os.path.join(TOP, "constraints.txt"),
            "NGV2_HARNESS_PYTHON": sys.executable,
            "NGV2_HARNESS_BASE_SITE": _site_packages(),
            "DEST": self.dest,
            "GLANCE_URL": self.glance_url,
            "REGION_NAME": layout_mod.REGION,
            "NOVA_CONF_DIR": self.nova_dir,
            "NOVA_CONF": self.nova_confs[0],
            "NOVA_CPU_CONF": self.nova_confs[1],
            "TEMPEST_CONFIG": self.tempest_conf,
            "OPENSTACKCLIENT_CONF_DIR": self.clouds_dir,
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            # pip builds the checkout; keep its cache out of the way.
            "PIP_NO_CACHE_DIR": "1",
        })
        return env

    def run(self, *scripts, check=True):
        done = subprocess.run(
            ["bash", HARNESS, *scripts], env=self.env(), capture_output=True,
            text=True, timeout=HARNESS_TIMEOUT, check=False,
        )
        output = done.stdout + done.stderr
        if check and done.returncode:
            raise AssertionError(
                f"harness {' '.join(scripts)} exited {done.returncode}:\n"
                f"{output[-20000:]}"
            )
        return done.returncode, output

    def files(self):
        """Digest of every file a disabled plugin must leave alone."""
        digests = {}
        for top in (self.checkout, self.clouds_dir, self.nova_dir,
                    os.path.dirname(self.tempest_conf), self.nova_checkout):
            for dirpath, dirnames, names in os.walk(top):
                # git's own files change with any git command; the work
                # tree is what counts.
                dirnames[:] = [d for d in dirnames if d != ".git"]
                for name in names:
                    path = os.path.join(dirpath, name)
                    with open(path, "rb") as data:
                        digests[path] = (
                            hashlib.sha256(data.read()).hexdigest(),
                            os.stat(path).st_mtime_ns)
        return digests


def _site_packages():
    return sysconfig.get_path("purelib")


@pytest.fixture
def node(tmp_path, local_cloud, devstack_admin, glance_url, nova_upstream):
    root = tmp_path / "devstack node"
    root.mkdir()
    return Node(str(root), local_cloud, devstack_admin, glance_url,
                nova_upstream)


def _glance(path):
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.read(path)
    return dict(parser["glance"]) if parser.has_section("glance") else {}


def _tempest_auth(path):
    """tempest.conf's [auth] as tempest's oslo.config reads it."""
    conf = cfg.ConfigOpts()
    conf.register_opts([
        cfg.StrOpt("admin_username"),
        cfg.StrOpt("admin_password", secret=True),
        cfg.StrOpt("admin_project_name"),
    ], group="auth")
    conf(args=[], default_config_files=[path])
    return conf.auth


def _assert_phases_ran(output, scripts=("stack", "unstack", "clean")):
    for script in scripts:
        assert f"harness: {script} done" in output
    if "stack" in scripts:
        for phase in ("pre-install", "install", "post-config", "extra",
                      "test-config"):
            assert f"harness: stack {phase} done" in output
    for mode in ("unstack", "clean"):
        if mode in scripts:
            assert f"harness: {mode} done" in output


def _assert_converged(conn, glance_url):
    catalog = _image_catalog(conn)
    assert len(catalog["services"]) == 1, catalog
    endpoints = [e for e in catalog["endpoints"]
                 if e[4] == layout_mod.REGION]
    interfaces = sorted(e[2] for e in endpoints)
    assert interfaces == ["internal", "public"], catalog
    for endpoint in endpoints:
        assert endpoint[3].rstrip("/") == glance_url.rstrip("/")
        assert not re.search(r"/v\d+(\.\d+)?/?$", endpoint[3])


# The tests
# =========

def test_harness_and_plugin_pass_bashate():
    files = [HARNESS] + [
        os.path.join(TOP, "devstack", name)
        for name in ("settings", "plugin.sh",
                     os.path.join("lib", "nova-glance-v2"))
    ]
    done = subprocess.run(
        [os.path.join(PROJECT_VENV, "bin", "bashate"), "-v", "-iE006",
         "-eE005,E042", *files], capture_output=True, text=True,
        check=False)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("mode", MODES)
def test_stack_unstack_clean(node, devstack_catalog, glance_url, mode):
    node.write_localrc(f"NOVA_GLANCE_V2_MODE={mode}")
    tempest_before = open(node.tempest_conf).read()
    decoys = node.files()
    _, output = node.run("stack", "unstack", "clean")
    _assert_phases_ran(output)

    # install: the clone went into devstack's venv with real pip, and the
    # commands ran from there.
    binary = os.path.join(node.venv, "bin", "nova-glance-v2")
    assert os.path.exists(binary)
    where = subprocess.run(
        [os.path.join(node.venv, "bin", "python"), "-c",
         "import nova_glance_v2; print(nova_glance_v2.__file__)"],
        capture_output=True, text=True, check=True).stdout
    assert where.startswith(node.checkout + os.sep)
    # (xtrace quotes the path: it has spaces)
    assert f"'{binary}' --os-cloud devstack-admin" in output

    # extra: the image endpoint converged, and verify passed.
    _assert_converged(devstack_catalog, glance_url)
    assert "catalog ensure" in output
    assert "verify --nova-conf" in output

    # post-config: every nova config file devstack wrote, in the mode.
    for conf in node.nova_confs:
        glance = _glance(conf)
        if mode == "api_servers":
            assert glance["api_servers"] == glance_url
        elif mode == "endpoint_override":
            assert glance["endpoint_override"] == glance_url
            assert "api_servers" not in glance
        else:
            assert glance["region_name"] == layout_mod.REGION
            assert glance["valid_interfaces"] == "internal,public"
            assert "api_servers" not in glance
            assert "endpoint_override" not in glance
    # ... and no other file of the nova config directory.
    for name in ("nova_cellX.conf", "nova_cell1.conf.orig"):
        path = os.path.join(node.nova_dir, name)
        assert node.files()[path] == decoys[path]

    # test-config: tempest.conf written, and tempest (oslo.config) reads
    # back the password of the devstack-admin cloud as it is.
    assert open(node.tempest_conf).read() != tempest_before
    auth = _tempest_auth(node.tempest_conf)
    assert auth.admin_username == ADMIN_USER
    assert auth.admin_password == NASTY_PASSWORD
    assert auth.admin_project_name == "admin"

    # install: the wrapper-free nova series went into $DEST/nova as
    # commits (git am), and nova's image client lost its wrapper.
    _assert_wrapper_free(node)
    assert "nova-patch apply --nova-dir" in output

    # Credentials stay in clouds.yaml, out of argv, trace and logs.
    assert NASTY_PASSWORD not in output


def _nova_log(node):
    return _git(node.nova_checkout, "log", "--format=%s").splitlines()


def _assert_wrapper_free(node):
    subjects = _nova_log(node)
    assert len(subjects) == 1 + len(novapatch_series.load().patches)
    assert subjects[-1] == "nova 34.0.0"
    # No file of the tree mentions the wrapper any more (only the release
    # note that says it is gone), the work tree is clean, and the nova
    # it holds imports without it.
    grep = subprocess.run(
        ["git", "grep", "-l", "GlanceClientWrapper", "--", ":!releasenotes"],
        cwd=node.nova_checkout, capture_output=True, text=True, check=False)
    assert (grep.returncode, grep.stdout) == (1, ""), grep.stdout
    assert _git(node.nova_checkout, "status", "--porcelain") == ""
    done = subprocess.run(
        [sys.executable, "-c",
         "import nova.image.glance as g; print(g.__file__); "
         "print(hasattr(g, 'GlanceClientWrapper'), hasattr(g, 'API'))"],
        cwd=node.nova_checkout, env={"PATH": "/usr/bin:/bin"},
        capture_output=True, text=True, check=True)
    assert done.stdout.splitlines() == [
        os.path.join(node.nova_checkout, "nova", "image", "glance.py"),
        "False True"]


def test_nova_patches_off_leaves_nova_alone(node, devstack_catalog):
    node.write_localrc("NOVA_GLANCE_V2_NOVA_PATCHES=False",
                       "NOVA_GLANCE_V2_VERIFY=False",
                       "disable_service tempest")
    nova_files = {path: digest for path, digest in node.files().items()
                  if path.startswith(node.nova_checkout + os.sep)}
    _, output = node.run("stack")
    _assert_phases_ran(output, ("stack",))
    assert "nova-patch" not in output
    assert _nova_log(node) == ["nova 34.0.0"]
    assert {path: digest for path, digest in node.files().items()
            if path.startswith(node.nova_checkout + os.sep)} == nova_files


def test_restack_keeps_the_catalog_converged(node, devstack_catalog,
                                             glance_url):
    node.write_localrc("NOVA_GLANCE_V2_VERIFY=False",
                       "disable_service tempest")
    node.run("stack")
    first = _image_catalog(devstack_catalog)
    confs = {conf: open(conf).read() for conf in node.nova_confs}
    _, output = node.run("stack")
    _assert_phases_ran(output, ("stack",))
    assert "verify --nova-conf" not in output
    assert "tempest-conf" not in output
    _assert_converged(devstack_catalog, glance_url)
    assert _image_catalog(devstack_catalog) == first
    for conf, text in confs.items():
        assert open(conf).read() == text
    # The series went in once: the second install phase found it applied.
    _assert_wrapper_free(node)


def test_disabled_plugin_does_nothing(node, devstack_catalog):
    node.write_localrc("disable_service nova-glance-v2",
                       "NOVA_GLANCE_V2_MODE=catalog")
    files = node.files()
    catalog = _image_catalog(devstack_catalog)
    _, output = node.run("stack", "unstack", "clean")
    _assert_phases_ran(output)
    assert node.files() == files
    assert _image_catalog(devstack_catalog) == catalog
    assert not os.path.exists(os.path.join(node.venv, "bin",
                                           "nova-glance-v2"))
    assert "harness: summary:" not in output
    assert "Attempt to enable_service nova-glance-v2" in output


def test_a_failing_command_stops_stack(node, devstack_catalog):
    # devstack's die: stack.sh must stop, not carry on half configured.
    node.write_localrc("NOVA_GLANCE_V2_MODE=no_such_mode")
    returncode, output = node.run("stack", check=False)
    assert returncode != 0
    assert "nova-glance-v2 nova-conf configure failed" in output
    assert "harness: stack extra done" not in output


def test_upgrade_path_from_a_seeded_legacy_state(node, devstack_catalog,
                                                  glance_url):
    node.write_localrc("NOVA_GLANCE_V2_SEED_LEGACY=True",
                       "disable_service tempest")
    _, output = node.run("stack")
    _assert_phases_ran(output, ("stack",))
    assert output.count("legacy seed") >= 2
    # The catalog got /v1, /v2/ and a duplicate, and was converged back.
    _assert_converged(devstack_catalog, glance_url)
    assert "verify --nova-conf" in output
    for conf in node.nova_confs:
        assert _glance(conf)["api_servers"] == glance_url
        backups = sorted(glob.glob(glob.escape(conf) + ".nova-glance-v2.*"))
        # the first backup is devstack's file, the second the seeded one
        seeded = _glance(backups[-1])
        assert set(seeded) & {"host", "api_servers"}, seeded
