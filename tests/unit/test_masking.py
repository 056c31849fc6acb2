"""nova_glance_v2.masking: every secret of a nova.conf masked, nothing
else."""

import pytest

from nova_glance_v2 import masking

SECRETS = [
    "Db-S3cret", "Rabbit-S3cret", "Rabbit-S3cret2", "Admin-S3cret",
    "Memcache-S3cret", "Fixed-K3y", "Cont-S3cret", "Comment-S3cret",
    "Token-S3cret", "pa@rt", "Query-S3cret", "Cache-S3cret",
    "Cache-S3cret2",
]

SECRET_TEXT = """\
[DEFAULT]
transport_url = rabbit://nova:Rabbit-S3cret@ctl1:5672,nova:Rabbit-S3cret2@ctl2:5672/
admin_token=Token-S3cret
notify_url = rabbit://nova:pa@rt@ctl3/
[database]
connection = mysql+pymysql://nova:Db-S3cret@ctl/nova
slave_connection = postgresql:///nova?user=nova&password=Query-S3cret&x=1
[cache]
backend_argument = password:Cache-S3cret
backend_argument = url:redis://ctl:6379,redis_password:Cache-S3cret2
[keystone_authtoken]
password = Admin-S3cret
memcache_secret_key: Memcache-S3cret
certfile = /etc/nova/cert.pem
keyfile = /etc/nova/key.pem
#password = Comment-S3cret
[key_manager]
fixed_key = Fixed-K3y
  Cont-S3cret
"""


def test_mask_secrets_hides_every_secret():
    masked = masking.mask_secrets(SECRET_TEXT)
    for secret in SECRETS:
        assert secret not in masked
    # Paths and user names stay readable; only values are masked.
    assert "keyfile = /etc/nova/key.pem" in masked
    assert "certfile = /etc/nova/cert.pem" in masked
    assert "rabbit://nova:***@ctl1:5672,nova:***@ctl2:5672/" in masked
    assert "password = ***" in masked
    assert "memcache_secret_key: ***" in masked
    assert "rabbit://nova:***@ctl3/" in masked
    assert "?user=nova&password=***&x=1" in masked
    assert "backend_argument = password:***" in masked
    assert masked.count("\n") == SECRET_TEXT.count("\n")


def test_mask_slice_is_the_whole_texts_masking():
    lines = SECRET_TEXT.splitlines(keepends=True)
    whole = masking.mask_secrets(SECRET_TEXT).splitlines(keepends=True)
    for start in range(len(lines)):
        for stop in range(start, len(lines) + 1):
            assert masking.mask_slice(lines, start, stop) == \
                whole[start:stop]


@pytest.mark.parametrize("separator", ["\u2028", "\x0c", "\x85", "\x1e"])
def test_mask_secrets_masks_a_value_str_splitlines_would_cut(separator):
    # str.splitlines() breaks lines there; nova's parser does not.
    text = f"[database]\npassword = Db-{separator}S3cret\nx = 1\n"
    assert masking.mask_secrets(text) == "[database]\npassword = ***\nx = 1\n"
