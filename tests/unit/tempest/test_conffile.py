"""Tests for nova_glance_v2.tempest.conffile: editing tempest.conf."""

import pytest
from oslo_config import cfg

from nova_glance_v2 import errors
from nova_glance_v2.tempest import conffile
from nova_glance_v2.tempest import settings as tempestconf
from tests.unit.tempest.samples import LEGACY_CONF
from tests.unit.tempest.samples import make_report as _report


@pytest.mark.parametrize("known", [conffile.tempest_options(), None],
                         ids=["tempest", "fallback"])
def test_plan_removes_legacy_flags(known):
    wanted = tempestconf.settings(_report(), tempestconf.Request())
    plan = conffile.plan("tempest.conf", LEGACY_CONF, wanted, known)
    removed = set(plan.removed)
    assert {"image-feature-enabled.api_v1", "image-feature-enabled.api_v2",
            "image-feature-enabled.import_image",
            "image-feature-enabled.os_glance_reserved",
            "image-feature-enabled.deactivate_image", "identity.uri",
            "identity.auth_version"} <= removed
    text = plan.new_text
    for gone in ("api_v1", "api_v2", "import_image", "os_glance_reserved",
                 "auth_version", "v2.0"):
        assert gone not in text
    # plugins' flags and sections we do not manage stay byte for byte
    assert "manila = true" in text
    assert "[scenario]\nimg_file = cirros.img\n" in text
    assert "log_file = tempest.log" in text
    assert "uri_v3 = http://127.0.0.1:5000/v3" in text
    assert "http_store_enabled = false" in text


def test_plan_is_idempotent():
    wanted = tempestconf.settings(_report(), tempestconf.Request())
    first = conffile.plan("f", LEGACY_CONF, wanted)
    second = conffile.plan("f", first.new_text, wanted)
    assert not second.changed
    assert not second.set


def test_plan_collapses_repeated_options():
    text = "[image]\nregion = A\nregion = B\n"
    wanted = [tempestconf.Setting("image", "region", "RegionOne", "x")]
    plan = conffile.plan("f", text, wanted)
    assert plan.new_text == "[image]\nregion = RegionOne\n"


def test_plan_rejects_a_broken_file():
    with pytest.raises(errors.BadInput):
        conffile.plan("f", "no section = here\n", [])



def test_dollar_is_escaped_for_oslo_config(tmp_path):
    wanted = [tempestconf.Setting("auth", "admin_password", "a$b c'd",
                                  "clouds.yaml")]
    result = conffile.plan("tempest.conf", "", wanted)
    path = tmp_path / "tempest.conf"
    path.write_text(result.new_text)
    conf = cfg.ConfigOpts()
    conf.register_opt(cfg.StrOpt("admin_password"), group="auth")
    conf(args=[], default_config_files=[str(path)])
    assert conf.auth.admin_password == "a$b c'd"
    again = conffile.plan("tempest.conf", result.new_text, wanted)
    assert not again.changed
