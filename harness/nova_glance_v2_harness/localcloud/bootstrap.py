"""First-time setup of the local cloud: databases, keys, Keystone data.

The ``*-manage`` steps of the three services are independent of each
other, so :func:`prepare_databases` runs the three chains at once; on this
2-core machine that is the largest share of a first ``up``.
"""

import concurrent.futures
import contextlib
import os
import sqlite3
import subprocess
import sys

import openstack
import yaml

from nova_glance_v2 import errors
from nova_glance_v2 import executables
from nova_glance_v2_harness.localcloud import layout as layout_mod

SERVICE_ROLES = ("admin", "service")
SQLITE_DATABASES = (
    ("keystone", "keystone.db"), ("glance", "glance.db"),
    ("nova-api", "nova_api.db"), ("nova-api", "nova_cell0.db"),
    ("nova-api", "nova.db"),
)
EXTRA_ROLES = ("member", "reader", "manager", "service")


def _manage(layout, service, argv, env=None):
    """Run one ``*-manage`` command; its output goes to the service log."""
    binary = executables.beside_python(argv[0])
    with open(layout.log_file(service), "ab") as log:
        done = subprocess.run(
            [binary, *argv[1:]], stdin=subprocess.DEVNULL, stdout=log,
            stderr=subprocess.STDOUT, env={**os.environ, **(env or {})},
            check=False,
        )
    if done.returncode:
        raise errors.CheckFailed(
            f"{argv[0]} {argv[-1] if len(argv) > 1 else ''} failed with "
            f"{done.returncode}; see {layout.log_file(service)}"
        )


def _keystone_db(layout, state):
    conf = ["--config-file", layout.keystone_conf]
    user = ["--keystone-user", str(os.getuid()),
            "--keystone-group", str(os.getgid())]
    _manage(layout, "keystone", ["keystone-manage", *conf, "db_sync"])
    _manage(layout, "keystone",
            ["keystone-manage", *conf, "fernet_setup", *user])
    _manage(layout, "keystone",
            ["keystone-manage", *conf, "credential_setup", *user])
    url = state.url("keystone")
    # The password goes through the environment, not argv, where any
    # local user could read it from ps.
    _manage(layout, "keystone", [
        "keystone-manage", *conf, "bootstrap",
        "--bootstrap-username", "admin",
        "--bootstrap-project-name", "admin",
        "--bootstrap-role-name", "admin",
        "--bootstrap-service-name", "keystone",
        "--bootstrap-admin-url", url,
        "--bootstrap-public-url", url,
        "--bootstrap-internal-url", url,
        "--bootstrap-region-id", layout_mod.REGION,
    ], env={"OS_BOOTSTRAP_PASSWORD": state.passwords["admin"]})


def _glance_db(layout, state):
    conf = ["--config-file", layout.glance_conf]
    _manage(layout, "glance", ["glance-manage", *conf, "db_sync"])
    metadefs = os.path.join(sys.prefix, "etc", "glance", "metadefs")
    _manage(layout, "glance",
            ["glance-manage", *conf, "db_load_metadefs", metadefs])


def _nova_db(layout, state):
    conf = ["--config-file", layout.nova_conf]
    cell0 = layout.sqlite_url("nova-api", "nova_cell0.db")
    _manage(layout, "nova-api", ["nova-manage", *conf, "api_db", "sync"])
    _manage(layout, "nova-api", ["nova-manage", *conf, "cell_v2",
                                 "map_cell0", "--database_connection",
                                 cell0])
    _manage(layout, "nova-api", ["nova-manage", *conf, "db", "sync"])
    _manage(layout, "nova-api", ["nova-manage", *conf, "cell_v2",
                                 "create_cell", "--name", "cell1"])


def prepare_databases(layout, state):
    """Create every service's database and keys, the three in parallel."""
    steps = (_keystone_db, _glance_db, _nova_db)
    with concurrent.futures.ThreadPoolExecutor(len(steps)) as pool:
        futures = [pool.submit(step, layout, state) for step in steps]
        for future in futures:
            future.result()
    for service, name in SQLITE_DATABASES:
        _use_wal(os.path.join(layout.service_dir(service), name))


def _use_wal(path):
    """Switch an sqlite database to write-ahead logging, for good.

    In the default rollback journal a reader blocks a writer's commit, and
    glance's import tasks write from a thread of their own while requests
    read; with WAL readers and the one writer do not wait for each other.
    """
    with contextlib.closing(sqlite3.connect(path)) as database:
        database.execute("PRAGMA journal_mode=WAL")


def write_clouds_yaml(layout, state):
    clouds = {"clouds": {layout_mod.CLOUD_NAME: {
        "auth": {
            "auth_url": state.url("keystone"),
            "username": "admin",
            "password": state.passwords["admin"],
            "project_name": "admin",
            "user_domain_name": "Default",
            "project_domain_name": "Default",
        },
        "region_name": layout_mod.REGION,
        "identity_api_version": 3,
        "interface": "public",
    }}}
    if state.ca_file:
        clouds["clouds"][layout_mod.CLOUD_NAME]["cacert"] = state.ca_file
    fd = os.open(layout.clouds_yaml, os.O_WRONLY | os.O_CREAT | os.O_TRUNC,
                 0o600)
    with os.fdopen(fd, "w") as clouds_file:
        yaml.safe_dump(clouds, clouds_file, default_flow_style=False)


def admin_connection(layout):
    """An openstacksdk connection to the local cloud as admin."""
    return openstack.connect(
        load_yaml_config=False, load_envvars=False, **_cloud_entry(layout)
    )


def _cloud_entry(layout):
    with open(layout.clouds_yaml) as clouds_file:
        return yaml.safe_load(clouds_file)["clouds"][layout_mod.CLOUD_NAME]


def register_keystone_data(layout, state):
    """Service project, service users and the compute endpoints.

    The image service is deliberately NOT registered: converging the
    image endpoint is what ``nova-glance-v2 catalog ensure`` is for.
    """
    conn = admin_connection(layout)
    identity = conn.identity
    project = identity.create_project(name="service", domain_id="default")
    roles = {
        name: identity.find_role(name) or identity.create_role(name=name)
        for name in ("admin", *EXTRA_ROLES)
    }
    for user_name in ("glance", "nova"):
        user = identity.create_user(
            name=user_name, password=state.passwords[user_name],
            domain_id="default", default_project_id=project.id,
        )
        for role in SERVICE_ROLES:
            identity.assign_project_role_to_user(project, user, roles[role])
    compute = identity.create_service(
        name="nova", type="compute", description="nova-api of the "
        "nova-glance-v2 local cloud",
    )
    for interface in ("public", "internal"):
        identity.create_endpoint(
            service_id=compute.id, interface=interface,
            url=state.url("nova-api"), region_id=layout_mod.REGION,
        )
