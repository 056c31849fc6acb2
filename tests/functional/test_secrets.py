"""A nova.conf full of passwords, through every command that reads it.

The passwords are registered for the session-wide scan (conftest's
``secrets_scan``) and checked here too, so this test fails on its own.
"""

import pytest

from tests.functional import figures
from tests.functional.conftest import run_cli

pytestmark = pytest.mark.functional

PASSWORDS = [
    "it's a \"long\" pa$$word with spaces",
    "pa@rt$Rabbit-9", "Db-S3cret-9", "Query-S3cret-7", "Cache-S3cret-5",
    "Token-S3cret-3",
]
NOVA_CONF = f"""\
[DEFAULT]
transport_url = rabbit://nova:{PASSWORDS[1]}@ctl1:5672/
admin_token = {PASSWORDS[5]}
[database]
connection = mysql+pymysql://nova:{PASSWORDS[2]}@db/nova
slave_connection = postgresql:///nova?user=nova&password={PASSWORDS[3]}
[keystone_authtoken]
password = {PASSWORDS[0]}
[cache]
backend_argument = password:{PASSWORDS[4]}
[glance]
host = ctl1
port = 9292
api_insecure = true
"""


def test_no_command_shows_a_nova_password(tmp_path):
    figures.SECRETS.update(PASSWORDS)
    conf = tmp_path / "nova.conf"
    conf.write_text(NOVA_CONF)
    bad = tmp_path / "bad.conf"
    bad.write_text(NOVA_CONF + f"junk {PASSWORDS[0]}\n")
    runs = [
        ("nova-conf", "configure", "--config-file", str(conf), "--dry-run",
         "--diff"),
        ("-f", "json", "nova-conf", "configure", "--config-file", str(conf),
         "--dry-run", "--diff"),
        ("-f", "json", "nova-conf", "configure", "--config-file", str(conf),
         "--mode", "catalog", "--region", "RegionOne", "--diff"),
        ("-f", "json", "nova-conf", "rollback", "--config-file", str(conf)),
        ("legacy", "seed", "--url", "http://ctl2:9292", "--nova-conf",
         str(conf)),
        ("upgrade", "check", "--nova-conf", str(conf)),
        ("-f", "json", "upgrade", "check", "--nova-conf", str(conf)),
        ("nova-conf", "configure", "--config-file", str(bad)),
        ("upgrade", "check", "--nova-conf", str(bad)),
        ("legacy", "seed", "--url", "http://ctl2:9292", "--nova-conf",
         str(bad)),
        ("--debug", "nova-conf", "configure", "--config-file", str(bad)),
    ]
    shown = []
    for argv in runs:
        done = run_cli(*argv, env={"OS_CLOUD": ""}, check=False)
        assert "Traceback" not in done.stderr or "--debug" in argv
        shown += [(argv, p) for p in PASSWORDS
                  if p in done.stdout + done.stderr]
    assert shown == []
    # The files themselves did hold them: the test looked at something.
    assert PASSWORDS[0] in conf.read_text()
