"""Config files and server command lines of the local cloud's services.

The configs are ours, written fresh on first ``up``: the services need
little beyond sqlite, keystonemiddleware and their state paths. Glance is
given what tempest's image tests can use (two file stores, the image cache,
glance-direct and copy-image imports); nova-api gets NO ``[glance]``
options, because configuring those is the product's job.

With https (``cloud up --tls``) uWSGI (built with OpenSSL, as the wheel
is) serves keystone and nova-api through ``https-socket`` and gunicorn
serves glance with its ``--certfile``/``--keyfile``; the services trust
the local CA for their own calls to keystone.
"""

import configparser
import os
import shutil
import sys

from nova_glance_v2 import executables
from nova_glance_v2_harness.localcloud import layout as layout_mod
from nova_glance_v2_harness.localcloud import nova_overlay
from nova_glance_v2_harness.localcloud import process
from nova_glance_v2_harness.localcloud import tls

GLANCE_STORES = ("fs", "fs2")
# The services' applications, with sqlite transactions that wait for each
# other (see that module).
WSGI = "nova_glance_v2_harness.localcloud.wsgi"
# Import methods that work on a machine without internet access.
GLANCE_IMPORT_METHODS = "[glance-direct,copy-image]"


def _write_ini(path, sections):
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read_dict(sections)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as ini:
        parser.write(ini)


def _venv_etc(*parts):
    """A file the service packages install under ``<prefix>/etc``."""
    return os.path.join(sys.prefix, "etc", *parts)


def _authtoken(state, user):
    ca_file = {"cafile": state.ca_file} if state.ca_file else {}
    return {
        **ca_file,
        "www_authenticate_uri": state.url("keystone"),
        "auth_url": state.url("keystone"),
        "auth_type": "password",
        "username": user,
        "password": state.passwords[user],
        "project_name": "service",
        "user_domain_name": "Default",
        "project_domain_name": "Default",
        "service_token_roles_required": "true",
    }


def write_keystone(layout, state):
    base = layout.service_dir("keystone")
    _write_ini(layout.keystone_conf, {
        "database": {"connection": layout.sqlite_url("keystone",
                                                     "keystone.db")},
        "token": {"provider": "fernet"},
        "fernet_tokens": {"key_repository": os.path.join(base, "fernet")},
        "fernet_receipts": {"key_repository": os.path.join(base, "fernet")},
        "credential": {"key_repository": os.path.join(base, "credential")},
        # Keystone's cache is on, as devstack has it (there in memcached):
        # without it every token validation rebuilds the token's roles and
        # catalog from the database. keystone runs one process here, so
        # its own memory is a consistent cache.
        "cache": {"enabled": "true", "backend": "dogpile.cache.memory"},
    })


def write_glance(layout, state):
    base = layout.service_dir("glance")
    sections = {
        "DEFAULT": {
            "enabled_backends": ",".join(f"{s}:file" for s in GLANCE_STORES),
            "enabled_import_methods": GLANCE_IMPORT_METHODS,
            "image_cache_dir": os.path.join(base, "cache"),
            "worker_self_reference_url": state.url("glance"),
            "show_image_direct_url": "false",
        },
        "database": {"connection": layout.sqlite_url("glance",
                                                     "glance.db")},
        "glance_store": {"default_backend": GLANCE_STORES[0]},
        "keystone_authtoken": _authtoken(state, "glance"),
        "paste_deploy": {
            "flavor": "keystone+cachemanagement",
            "config_file": os.path.join(base, "glance-api-paste.ini"),
        },
        "oslo_concurrency": {"lock_path": os.path.join(base, "locks")},
    }
    for store in (*GLANCE_STORES, "os_glance_staging_store",
                  "os_glance_tasks_store"):
        sections[store] = {
            "filesystem_store_datadir": os.path.join(base, store),
        }
    # Distinct weights, so tempest's store weight tests run.
    for weight, store in zip((100, 50), GLANCE_STORES, strict=True):
        sections[store]["weight"] = str(weight)
    shutil.copyfile(_venv_etc("glance", "glance-api-paste.ini"),
                    os.path.join(base, "glance-api-paste.ini"))
    _write_ini(layout.glance_conf, sections)


def write_nova(layout, state):
    base = layout.service_dir("nova-api")
    shutil.copyfile(_venv_etc("nova", "api-paste.ini"),
                    os.path.join(base, "api-paste.ini"))
    _write_ini(layout.nova_conf, {
        "DEFAULT": {
            "my_ip": process.HOST,
            "state_path": base,
            # No message bus: nova-api's image proxy needs none, and the
            # fake driver keeps nova-api from dialling a broker.
            "transport_url": "fake:/",
        },
        "api": {"auth_strategy": "keystone"},
        "api_database": {"connection": layout.sqlite_url("nova-api",
                                                         "nova_api.db")},
        "database": {"connection": layout.sqlite_url("nova-api",
                                                     "nova.db")},
        "keystone_authtoken": _authtoken(state, "nova"),
        "oslo_concurrency": {"lock_path": os.path.join(base, "locks")},
        "wsgi": {"api_paste_config": os.path.join(base, "api-paste.ini")},
    })


def _uwsgi_ini(layout, service):
    return os.path.join(layout.service_dir(service), "uwsgi.ini")


# What each service serves, and the variable that points it at its config.
APPS = {
    "keystone": ("keystone.wsgi.api", "OS_KEYSTONE_CONFIG_FILES"),
    "glance": ("glance.wsgi.api", "OS_GLANCE_CONFIG_DIR"),
    "nova-api": ("nova.wsgi.osapi_compute", "OS_NOVA_CONFIG_DIR"),
}
# The module wsgi.py serves (see there).
APP_ENV = "NGV2_WSGI_APP"
# Processes of the uWSGI-served services. sqlite takes one writer at a
# time: keystone writes on every token, so one process; nova-api only
# reads its databases once up. glance runs under gunicorn (see server()).
UWSGI_PROCESSES = {"keystone": 1, "nova-api": 2}


def _app_env(layout, service):
    module, config_env = APPS[service]
    config = (layout.keystone_conf if service == "keystone"
              else layout.service_dir(service))
    return {APP_ENV: module, config_env: config}


def write_uwsgi(layout, state, service):
    """uWSGI's config for ``service``, with devstack's options."""
    address = f"{process.HOST}:{state.ports[service]}"
    if state.ca_file:
        files = tls.Files(layout.tls_dir)
        socket = {"https-socket":
                  f"{address},{files.server_cert},{files.server_key}"}
    else:
        socket = {"http-socket": address}
    _write_ini(_uwsgi_ini(layout, service), {"uwsgi": {
        **socket,
        "module": f"{WSGI}:application",
        "virtualenv": sys.prefix,
        "master": "true",
        "processes": str(UWSGI_PROCESSES[service]),
        "die-on-term": "true",
        "exit-on-reload": "true",
        "enable-threads": "true",
        "thunder-lock": "true",
        "lazy-apps": "true",
        "buffer-size": "65535",
        # Clients that keep connections alive were reset by uWSGI's
        # http-socket; make every response close its connection.
        "http-keepalive": "false",
        "add-header": "Connection: close",
        "socket-timeout": "30",
        "hook-master-start": "unix_signal:15 gracefully_kill_them_all",
    }})


def server(layout, state, service):
    """The :class:`process.ServerProcess` of ``service``."""
    env = dict(os.environ, **_app_env(layout, service))
    if service == "nova-api" and state.nova:
        # The nova to run (see nova_overlay) goes first on the path.
        path = nova_overlay.pythonpath(state.nova)
        if path:
            env["PYTHONPATH"] = os.pathsep.join(
                p for p in (path, os.environ.get("PYTHONPATH")) if p)
    if service in UWSGI_PROCESSES:
        argv = [executables.beside_python("uwsgi"), "--ini",
                _uwsgi_ini(layout, service)]
    else:
        # glance under uWSGI's http-socket fails chunked uploads (uWSGI
        # issue 1540, which devstack hides behind Apache); nova uploads
        # snapshots chunked, so glance runs under gunicorn. One worker
        # thread, for sqlite's sake (see UWSGI_PROCESSES); glance's import
        # tasks still run in threads of their own (see wsgi.py).
        argv = [
            executables.beside_python("gunicorn"), "--bind",
            f"{process.HOST}:{state.ports[service]}",
            "--workers", "1", "--threads", "1", "--timeout", "300",
            # Requests with their duration in glance's log, as uWSGI logs
            # them for keystone and nova-api, and the Host they were sent
            # to: which catalog endpoint a client chose.
            "--access-logfile", "-", "--access-logformat",
            '%(h)s %({host}i)s "%(r)s" %(s)s %(B)s %(L)ss',
            "--name", f"glance {layout.root}{os.sep}",
        ]
        if state.ca_file:
            files = tls.Files(layout.tls_dir)
            argv += ["--certfile", files.server_cert,
                     "--keyfile", files.server_key]
        argv.append(f"{WSGI}:application")
    health = state.root_url(service) + (
        "/v3" if service == "keystone" else "/")
    return process.ServerProcess(
        name=service, argv=argv, env=env,
        pid_file=layout.pid_file(service), log_file=layout.log_file(service),
        health_url=health, marker=layout.root + os.sep,
        ca_file=state.ca_file,
    )


def all_servers(layout, state):
    return {s: server(layout, state, s) for s in layout_mod.SERVICES}
