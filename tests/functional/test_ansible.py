"""The playbooks, run by the real ansible-playbook against the local cloud.

An inventory of three hosts on this machine (``ansible_connection:
local``), each with its own directory of nova config files in a different
v1-era style (``legacy seed`` with a plain url, with a url under a path,
with an https url over a pre-Liberty ``[DEFAULT]`` option). The first host
is the local cloud's nova-api: its nova.conf is the one nova-api reads and
its restart command restarts it; the others count their restarts. The
catalog starts in ``legacy seed --catalog``'s state.

The walk runs once for the module, in the order the README gives
deployers: audit, upgrade --check --diff, upgrade, upgrade again,
rollback, then an upgrade with a fourth host whose nova.conf cannot be
parsed. Each test asserts on one stage. Every run is ``-vvv``.
"""

import dataclasses
import os
import pathlib
import re
import secrets
import shutil
import subprocess
import sys

import pytest
import yaml

from nova_glance_v2 import configfile
from nova_glance_v2_harness.localcloud import layout
from tests.functional.conftest import PRISTINE_NOVA_CONF
from tests.functional.conftest import remove_image_services
from tests.functional.conftest import run_cli_json

pytestmark = pytest.mark.functional

TOP = pathlib.Path(__file__).resolve().parents[2]
BIN = pathlib.Path(sys.executable).parent
CLI = str(BIN / "nova-glance-v2")
# The local cloud is the development harness's (nova-glance-v2-harness).
HARNESS = str(BIN / "nova-glance-v2-harness")
IDENTITY = {"service_type": "identity", "interface": "public"}
RECAP = re.compile(r"^(?P<host>\S+)\s+: ok=(?P<ok>\d+)\s+changed=(?P<changed>"
                   r"\d+)\s+unreachable=\d+\s+failed=(?P<failed>\d+)", re.M)

# A compute host's nova.conf: secrets everywhere nova has them, the
# keystone_authtoken password right before the [glance] section the seed
# appends, so that it sits inside the diff's context.
COMPUTE_CONF = """[DEFAULT]
my_ip = 127.0.0.1
transport_url = rabbit://nova:{rabbit}@127.0.0.1:5672/
{default_extra}
[database]
connection = mysql+pymysql://nova:{database}@127.0.0.1/nova

[keystone_authtoken]
auth_type = password
username = nova
password = {keystone}
"""
UNPARSABLE = "[DEFAULT\nmy_ip = 127.0.0.1\n"


@dataclasses.dataclass
class Run:
    """One ansible-playbook run: exit code, output, PLAY RECAP per host."""

    rc: int
    output: str
    recap: dict


@dataclasses.dataclass
class Stage(Run):
    """A run of the walk and what the cloud looked like after it."""

    files: dict
    catalog: list


@dataclasses.dataclass
class Walk:
    glance_url: str
    seeded: dict
    seeded_catalog: list
    passwords: list
    stages: dict
    nova_api_pids: dict
    restarts: dict
    nova_api_images: dict


def catalog_state(session):
    """Every image endpoint: (id, interface, region, url), sorted."""
    services = session.get("/services?type=image",
                           endpoint_filter=IDENTITY).json()["services"]
    return sorted(
        (e["id"], e["interface"], e["region_id"], e["url"])
        for service in services
        for e in session.get(f"/endpoints?service_id={service['id']}",
                             endpoint_filter=IDENTITY).json()["endpoints"])


class Hosts:
    """The hosts' directories, nova config files and inventories."""

    def __init__(self, root, cloud, status, glance_url):
        self.root = root
        self.cloud = cloud
        self.glance_url = glance_url
        self.passwords = [secrets.token_urlsafe(12) for _ in range(3)]
        self.files = {"api": [str(cloud.layout.nova_conf)],
                      "compute1": [str(root / "compute1" / "nova.conf"),
                                   str(root / "compute1" / "nova-cpu.conf")],
                      "compute2": [str(root / "compute2" / "nova.conf")]}
        self.common = {
            "ansible_connection": "local",
            "ansible_python_interpreter": sys.executable,
            "nova_glance_v2_executable": CLI,
            "nova_glance_v2_os_cloud": layout.CLOUD_NAME,
            "nova_glance_v2_clouds_yaml": status["clouds_yaml"],
            "nova_glance_v2_glance_url": glance_url,
            "nova_glance_v2_verify_image_size": 1,
        }

    def seed(self, cloud_env):
        """Write the compute hosts' files, then seed every host's files."""
        rabbit, database, keystone = self.passwords
        glance_port = self.glance_url.rsplit(":", 1)[1]
        styles = {"api": self.glance_url,
                  "compute1": self.glance_url + "/image",
                  "compute2": f"https://127.0.0.1:{glance_port}"}
        for host, url in styles.items():
            (self.root / host / "backups").mkdir(parents=True, mode=0o700)
            for path in self.files[host]:
                if host != "api":
                    pathlib.Path(path).write_text(COMPUTE_CONF.format(
                        rabbit=rabbit, database=database, keystone=keystone,
                        default_extra="glance_num_retries = 5\n"
                        if host == "compute2" else ""))
            run_cli_json("legacy", "seed", "--url", url, *[
                f"--nova-conf={path}" for path in self.files[host]],
                env=cloud_env)

    def add_broken_host(self):
        path = self.root / "broken" / "nova.conf"
        (self.root / "broken" / "backups").mkdir(parents=True)
        path.write_text(UNPARSABLE)
        self.files["broken"] = [str(path)]

    def restart_command(self, host):
        if host == "api":
            return (f"{HARNESS} cloud restart nova-api --state-dir "
                    f"{self.cloud.layout.root}")
        return f"mktemp {self.root / host}/restarted.XXXXXX"

    def restarts(self):
        return {host: len(list((self.root / host).glob("restarted.*")))
                for host in self.files if host != "api"}

    def inventory(self):
        hosts = {host: {
            "nova_glance_v2_nova_conf_files": files,
            "nova_glance_v2_backup_dir": str(self.root / host / "backups"),
            "nova_glance_v2_restart_command": self.restart_command(host),
        } for host, files in self.files.items()}
        path = self.root / f"inventory-{len(hosts)}.yaml"
        path.write_text(yaml.safe_dump({"all": {
            "vars": self.common, "children": {"nova": {"hosts": hosts}}}}))
        return path

    def contents(self):
        return {path: pathlib.Path(path).read_bytes()
                for files in self.files.values() for path in files}


def ansible_playbook(playbook, tmp, *options):
    """``ansible-playbook -vvv``, as a deployer runs it from the checkout."""
    env = {**os.environ,
           "ANSIBLE_CONFIG": str(TOP / "ansible.cfg"),
           "ANSIBLE_NOCOLOR": "1",
           "ANSIBLE_LOCAL_TEMP": str(tmp / "local"),
           "ANSIBLE_REMOTE_TEMP": str(tmp / "remote"),
           "PATH": f"{BIN}:{os.environ['PATH']}"}
    done = subprocess.run(
        [str(BIN / "ansible-playbook"), "-vvv", str(playbook), *options],
        cwd=TOP, env=env, capture_output=True, text=True, timeout=900,
        check=False)
    output = done.stdout + done.stderr
    recap = {m["host"]: {k: int(m[k]) for k in ("ok", "changed", "failed")}
             for m in RECAP.finditer(output)}
    return Run(done.returncode, output, recap)


def run_playbook(name, inventory, tmp, session, files, *options):
    """A playbook of playbooks/ on the inventory; the state after it."""
    run = ansible_playbook(TOP / "playbooks" / name, tmp, "-i",
                           str(inventory), *options)
    return Stage(**vars(run), files=files(), catalog=catalog_state(session))


def nova_api_lists_an_image(session, glance):
    """Create an image in glance; return what nova-api's list says."""
    compute = session.get_endpoint(service_type="compute",
                                   interface="public")
    image = session.post(f"{glance}/v2/images", json={
        "name": "nova-glance-v2-ansible", "disk_format": "raw",
        "container_format": "bare"}).json()
    try:
        listing = session.get(f"{compute}/images", raise_exc=False)
        ids = [i["id"] for i in listing.json().get("images", [])]
        return {"status": listing.status_code,
                "found": image["id"] in ids}
    finally:
        session.delete(f"{glance}/v2/images/{image['id']}")


@pytest.fixture(scope="module")
def walk(local_cloud, cloud_env, glance_url, admin_session,
         tmp_path_factory):
    cloud, status = local_cloud
    root = tmp_path_factory.mktemp("ansible")
    hosts = Hosts(root, cloud, status, glance_url)
    # legacy seed backs the cloud's nova.conf up next to it; those go.
    old_backups = set(configfile.find_backups(cloud.layout.nova_conf))
    try:
        run_cli_json("legacy", "seed", "--url", glance_url, "--catalog",
                     env=cloud_env)
        hosts.seed(cloud_env)
        seeded = hosts.contents()
        seeded_catalog = catalog_state(admin_session)
        inventory = hosts.inventory()

        def run(playbook, *options):
            return run_playbook(playbook, inventory, root, admin_session,
                                hosts.contents, *options)

        pids = {"before": cloud.status()["services"]["nova-api"]["pid"]}
        stages = {"audit": run("audit.yaml"),
                  "check": run("upgrade.yaml", "--check", "--diff"),
                  "upgrade": run("upgrade.yaml")}
        pids["upgrade"] = cloud.status()["services"]["nova-api"]["pid"]
        images = {"upgrade": nova_api_lists_an_image(admin_session,
                                                     glance_url)}
        restarts = {"upgrade": hosts.restarts()}
        stages["again"] = run("upgrade.yaml")
        pids["again"] = cloud.status()["services"]["nova-api"]["pid"]
        restarts["again"] = hosts.restarts()
        stages["rollback"] = run("rollback.yaml")
        restarts["rollback"] = hosts.restarts()
        hosts.add_broken_host()
        inventory = hosts.inventory()
        broken_before = hosts.contents()
        # Batches of two: Ansible ends a play whose whole batch failed, so
        # with the default 25% of four hosts (batches of one) the host that
        # failed the audit would stop every host after it.
        stages["broken"] = run("upgrade.yaml",
                               "-e", "nova_glance_v2_serial=2")
        stages["broken"].files = {"before": broken_before,
                                  "after": stages["broken"].files}
        yield Walk(glance_url, seeded, seeded_catalog,
                   hosts.passwords + [_clouds_yaml_password(status)]
                   + _nova_conf_passwords(seeded), stages, pids, restarts,
                   images)
    finally:
        remove_image_services(admin_session)
        for backup in set(configfile.find_backups(
                cloud.layout.nova_conf)) - old_backups:
            os.unlink(backup)
        shutil.copy2(os.path.join(cloud.layout.root, PRISTINE_NOVA_CONF),
                     cloud.layout.nova_conf)
        cloud.restart("nova-api")


def _clouds_yaml_password(status):
    with open(status["clouds_yaml"]) as stream:
        clouds = yaml.safe_load(stream)["clouds"]
    (cloud,) = clouds.values()
    return cloud["auth"]["password"]


def _nova_conf_passwords(contents):
    found = set()
    for text in contents.values():
        found.update(re.findall(rb"^password = (\S+)$", text, re.M))
    return [password.decode() for password in found]


def _glance_lines(text):
    section = text.decode().split("[glance]\n", 1)[1].split("\n[", 1)[0]
    return [line for line in section.splitlines() if line.strip()]


def test_audit_reports_the_legacy_state_and_changes_nothing(walk):
    audit = walk.stages["audit"]
    assert audit.rc == 0, audit.output[-3000:]
    assert set(audit.recap) == {"api", "compute1", "compute2"}
    assert all(r["changed"] == 0 and r["failed"] == 0
               for r in audit.recap.values()), audit.recap
    assert "Failure: Unversioned image endpoint urls" in audit.output
    for path in walk.seeded:
        # Versioned api_servers (compute1) is today's option, deprecated.
        assert (f"Failure: {path}: legacy glance options" in audit.output
                if "/compute1/" not in path else
                f"Warning: {path}: deprecated api_servers" in audit.output)
    assert audit.files == walk.seeded
    assert audit.catalog == walk.seeded_catalog


def test_check_diff_shows_masked_diffs_and_writes_nothing(walk):
    check = walk.stages["check"]
    assert check.rc == 0, check.output[-3000:]
    assert all(r["changed"] > 0 and r["failed"] == 0
               for r in check.recap.values()), check.recap
    for path in walk.seeded:
        assert f"--- {path}\n+++ {path} (new)\n" in check.output
        assert f"+api_servers = {walk.glance_url}\n" in check.output
    # compute1's and compute2's keystone_authtoken password, in context.
    assert check.output.count(" password = ***\n") >= 3
    assert check.files == walk.seeded
    assert check.catalog == walk.seeded_catalog


def test_upgrade_converges_restarts_and_verifies(walk):
    upgrade = walk.stages["upgrade"]
    assert upgrade.rc == 0, upgrade.output[-3000:]
    assert set(upgrade.recap) == {"api", "compute1", "compute2"}
    assert all(r["changed"] > 0 and r["failed"] == 0
               for r in upgrade.recap.values()), upgrade.recap
    url = walk.glance_url
    assert [(i, r, u) for _, i, r, u in upgrade.catalog] in (
        [("internal", "RegionOne", url), ("public", "RegionOne", url)],
        [("public", "RegionOne", url), ("internal", "RegionOne", url)])
    for path, text in upgrade.files.items():
        assert _glance_lines(text) == [f"api_servers = {url}"] or (
            _glance_lines(text) == [f"api_servers = {url}",
                                    "num_retries = 5"]), (path, text)
    # Every file went through nova's own image client, every host through
    # nova-api's image proxy.
    assert upgrade.output.count("nova image client PASS") == 4
    assert upgrade.output.count("nova-api image proxy PASS") == 4
    assert walk.nova_api_pids["upgrade"] != walk.nova_api_pids["before"]
    assert walk.nova_api_images["upgrade"] == {"status": 200, "found": True}
    assert walk.restarts["upgrade"] == {"compute1": 1, "compute2": 1}


def test_second_upgrade_changes_nothing(walk):
    again = walk.stages["again"]
    assert again.rc == 0, again.output[-3000:]
    assert {h: r["changed"] for h, r in again.recap.items()} == {
        "api": 0, "compute1": 0, "compute2": 0}
    assert again.files == walk.stages["upgrade"].files
    assert again.catalog == walk.stages["upgrade"].catalog
    assert walk.nova_api_pids["again"] == walk.nova_api_pids["upgrade"]
    assert walk.restarts["again"] == {"compute1": 1, "compute2": 1}


def test_rollback_restores_every_file_byte_for_byte(walk):
    rollback = walk.stages["rollback"]
    assert rollback.rc == 0, rollback.output[-3000:]
    assert all(r["changed"] > 0 for r in rollback.recap.values())
    assert rollback.files == walk.seeded
    assert walk.restarts["rollback"] == {"compute1": 2, "compute2": 2}
    # rollback.yaml ends with the audit, which sees the legacy files.
    assert "legacy glance options" in rollback.output


def test_unparsable_host_fails_alone_untouched(walk):
    broken = walk.stages["broken"]
    assert broken.rc != 0
    assert broken.recap["broken"]["failed"] == 1
    assert all(broken.recap[h]["failed"] == 0 and broken.recap[h][
        "changed"] > 0 for h in ("api", "compute1", "compute2"))
    assert "line 1" in broken.output
    before, after = broken.files["before"], broken.files["after"]
    (broken_file,) = [p for p in after if "/broken/" in p]
    assert after[broken_file] == before[broken_file] == UNPARSABLE.encode()
    assert {p: t for p, t in after.items() if p != broken_file} == \
        walk.stages["upgrade"].files
    assert not list(pathlib.Path(broken_file).parent.glob(
        "backups/*")), "no backup of a file that was not changed"


def test_no_password_in_any_verbose_output(walk):
    assert len(walk.passwords) >= 5
    for name, stage in walk.stages.items():
        for password in walk.passwords:
            assert password not in stage.output, (name, "leaks a password")
