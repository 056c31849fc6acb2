"""WSGI entry points of the local cloud: the services' own, made safe for
sqlite.

sqlite allows one writer at a time. oslo.db opens sqlite transactions
with a deferred ``BEGIN``, so a transaction that read first and then
writes while another connection wrote meanwhile fails at once with
"database is locked" instead of waiting: glance's import tasks write from
a thread of their own while requests write, and tempest then sees a 500.
Here every transaction starts with ``BEGIN IMMEDIATE``, so writers queue
on sqlite's busy timeout instead. This is for the local cloud only; real
deployments use a database server.

``application`` is the application of the module named by
``services.APP_ENV`` (e.g. ``glance.wsgi.api``), set by the local cloud.
"""

import importlib
import os
import sqlite3

from sqlalchemy import event
from sqlalchemy import pool
from sqlalchemy.engine import Engine

from nova_glance_v2_harness.localcloud import services

BUSY_TIMEOUT_MS = 60000


@event.listens_for(pool.Pool, "connect")
def _wait_when_busy(dbapi_connection, connection_record):
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


@event.listens_for(Engine, "before_cursor_execute", retval=True)
def _begin_immediate(connection, cursor, statement, parameters, context,
                     executemany):
    # oslo.db already turns the driver's implicit BEGIN off and emits a
    # plain (deferred) BEGIN itself; make it take the write lock at once,
    # or wait for it.
    if connection.dialect.name == "sqlite" and statement == "BEGIN":
        statement = "BEGIN IMMEDIATE"
    return statement, parameters


application = importlib.import_module(
    os.environ[services.APP_ENV]).application
