"""tempest.conf from a cloud report: which flags follow, what is removed."""

import contextlib
import io
import os
import stat

import pytest
from oslo_config import cfg

from nova_glance_v2 import cli
from nova_glance_v2 import errors
from nova_glance_v2 import tempestconf
from nova_glance_v2 import tempestconf_commands
from nova_glance_v2 import tempestrun

PASSWORD = "s3cret-Admin-pw"


def _report(**glance_kw):
    glance = {
        "versions": tuple(f"v2.{n}" for n in range(19)),
        "stores": [{"id": "fs", "default": "true", "type": "file",
                    "weight": 0},
                   {"id": "fs2", "type": "file", "weight": 0}],
        "import_methods": ("glance-direct", "copy-image"),
        "cache_api": True,
        "metadefs_namespaces": 32,
        "disk_formats": ("ami", "ari", "aki", "vhd", "vhdx", "vmdk", "raw",
                         "qcow2", "vdi", "iso", "ploop"),
        "container_formats": ("ami", "ari", "aki", "bare", "ovf", "ova",
                              "docker", "compressed"),
    }
    glance.update(glance_kw)
    return tempestconf.CloudReport(
        credentials=tempestconf.Credentials(
            auth_url="http://127.0.0.1:5000", username="admin",
            password=PASSWORD, project_name="admin",
            user_domain_name="Default", project_domain_name="Default"),
        region="RegionOne",
        catalog={"identity": {"public"}, "image": {"public", "internal"},
                 "compute": {"public", "internal"}},
        glance=tempestconf.GlanceReport(**glance),
        nova=tempestconf.NovaReport("2.1", "2.104", 0),
    )


def _flags(report, request=None, current=None):
    found = tempestconf.settings(report, request or tempestconf.Request(),
                                 current)
    return {(s.section, s.key): s.value for s in found}


def test_local_cloud_report_turns_its_glance_features_on():
    flags = _flags(_report())
    assert flags[("service_available", "glance")] == "true"
    assert flags[("service_available", "nova")] == "true"
    for absent in ("cinder", "neutron", "swift"):
        assert flags[("service_available", absent)] == "false"
    assert flags[("image", "image_caching_enabled")] == "true"
    assert flags[("image-feature-enabled", "http_store_enabled")] == "false"
    assert flags[("image-feature-enabled", "store_weight_enabled")] == \
        "false"
    assert flags[("image-feature-enabled", "manage_locations")] == "false"
    assert flags[("compute-feature-enabled", "snapshot")] == "false"
    assert flags[("auth", "create_isolated_networks")] == "false"
    assert flags[("auth", "use_dynamic_credentials")] == "true"
    assert flags[("auth", "admin_password")] == PASSWORD
    assert flags[("identity", "uri_v3")] == "http://127.0.0.1:5000/v3"
    assert flags[("image", "region")] == "RegionOne"
    assert flags[("image", "endpoint_type")] == "public"
    assert flags[("compute", "max_microversion")] == "2.104"


def test_formats_come_from_the_schema_with_bare_first():
    flags = _flags(_report())
    containers = flags[("image", "container_formats")].split(",")
    disks = flags[("image", "disk_formats")].split(",")
    # tests pair container_formats[0] with a raw disk: never ami first
    assert containers[0] == "bare"
    assert set(containers) == {"ami", "ari", "aki", "bare", "ovf", "ova",
                               "docker", "compressed"}
    assert disks[:2] == ["qcow2", "raw"]
    assert "ploop" in disks
    flags = _flags(_report(disk_formats=("raw", "iso")))
    assert flags[("image", "disk_formats")] == "raw,iso"


def test_no_cache_api_means_caching_off():
    versions = tuple(f"v2.{n}" for n in range(18))
    assert _flags(_report(cache_api=False, versions=versions))[
        ("image", "image_caching_enabled")] == "false"
    # An old glance (no v2.14) does not have the cache API tempest tests.
    assert _flags(_report(versions=("v2.0", "v2.9")))[
        ("image", "image_caching_enabled")] == "false"


def test_http_store_and_weights_are_read_from_the_stores():
    stores = [{"id": "fs", "type": "file", "weight": 100},
              {"id": "fs2", "type": "file", "weight": 50},
              {"id": "web", "read-only": "true", "weight": 0}]
    flags = _flags(_report(stores=stores))
    assert flags[("image-feature-enabled", "http_store_enabled")] == "true"
    assert flags[("image-feature-enabled", "store_weight_enabled")] == "true"
    # single store (GET /v2/info/stores is 404): nothing multistore
    flags = _flags(_report(stores=None))
    assert flags[("image-feature-enabled", "store_weight_enabled")] == \
        "false"


def test_unreported_flags_keep_the_files_value():
    current = {("image-feature-enabled", "do_secure_hash"): "false"}
    flags = _flags(_report(), current=current)
    assert flags[("image-feature-enabled", "do_secure_hash")] == "false"
    assert flags[("image-feature-enabled", "image_format_enforcement")] == \
        "true"
    assert flags[("image-feature-enabled", "image_conversion")] == "false"


def test_overrides_win():
    request = tempestconf.Request(
        overrides=dict([tempestconf.parse_override(
            "image-feature-enabled.image_conversion=true"),
            tempestconf.parse_override("image.http_image=")]))
    flags = _flags(_report(), request)
    assert flags[("image-feature-enabled", "image_conversion")] == "true"
    assert flags[("image", "http_image")] == ""
    with pytest.raises(errors.BadInput):
        tempestconf.parse_override("no-dot=1")


def test_services_missing_from_the_catalog():
    report = _report()
    report.catalog = {"identity": {"public"}, "image": {"internal"},
                      "network": {"public"}, "volumev3": {"public"}}
    report.nova = None
    flags = _flags(report)
    assert flags[("service_available", "nova")] == "false"
    assert flags[("service_available", "neutron")] == "true"
    assert flags[("service_available", "cinder")] == "true"
    assert ("auth", "create_isolated_networks") not in flags
    assert ("compute", "endpoint_type") not in flags
    # only an internal image endpoint: use it
    assert flags[("image", "endpoint_type")] == "internal"
    with pytest.raises(errors.CheckFailed):
        _flags(report, tempestconf.Request(endpoint_type="admin"))


def test_identity_uri():
    assert tempestconf.identity_v3("http://k:5000/") == "http://k:5000/v3"
    assert tempestconf.identity_v3("http://k/identity/v3") == \
        "http://k/identity/v3"
    assert tempestconf.identity_v3("http://k/v2.0") == "http://k/v3"


LEGACY_CONF = """\
[DEFAULT]
log_file = tempest.log

[identity]
uri = http://old:5000/v2.0
auth_version = v2
uri_v3 = http://old:5000/v3

[image-feature-enabled]
# a v1-era config
api_v1 = True
api_v2 = false
import_image = False
os_glance_reserved = false
deactivate_image = true

[service_available]
manila = true

[scenario]
img_file = cirros.img
"""


@pytest.mark.parametrize("known", [tempestconf.tempest_options(), None],
                         ids=["tempest", "fallback"])
def test_plan_removes_legacy_flags(known):
    wanted = tempestconf.settings(_report(), tempestconf.Request())
    plan = tempestconf.plan("tempest.conf", LEGACY_CONF, wanted, known)
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
    first = tempestconf.plan("f", LEGACY_CONF, wanted)
    second = tempestconf.plan("f", first.new_text, wanted)
    assert not second.changed
    assert not second.set


def test_plan_collapses_repeated_options():
    text = "[image]\nregion = A\nregion = B\n"
    wanted = [tempestconf.Setting("image", "region", "RegionOne", "x")]
    plan = tempestconf.plan("f", text, wanted)
    assert plan.new_text == "[image]\nregion = RegionOne\n"


def test_plan_rejects_a_broken_file():
    with pytest.raises(errors.BadInput):
        tempestconf.plan("f", "no section = here\n", [])


# -- the command's writing, without a cloud ------------------------------


@pytest.fixture
def offline(monkeypatch):
    monkeypatch.setattr(tempestconf_commands, "discover",
                        lambda cloud, config_file=None: _report())


def _configure(*argv):
    out = io.StringIO()
    parser = cli.build_parser()
    args = parser.parse_args(["--os-cloud", "c", "tempest-conf",
                              "configure", *argv])
    with contextlib.redirect_stdout(out):
        result = args.func(args)
    return result, out.getvalue()


def test_configure_dry_run_diff_masks_the_password(tmp_path, offline):
    conf = tmp_path / "tempest.conf"
    conf.write_text(LEGACY_CONF)
    result, printed = _configure("--config-file", str(conf), "--dry-run",
                                 "--diff")
    assert result["changed"] and result["dry_run"]
    assert conf.read_text() == LEGACY_CONF
    assert "admin_password = ***" in printed
    assert PASSWORD not in printed
    assert PASSWORD not in repr(result)
    assert "-api_v1 = True" in printed


def test_configure_writes_backs_up_and_tightens_mode(tmp_path, offline):
    conf = tmp_path / "tempest.conf"
    conf.write_text(LEGACY_CONF)
    os.chmod(conf, 0o644)
    result, _ = _configure("--config-file", str(conf))
    assert result["backup"] and open(result["backup"]).read() == LEGACY_CONF
    assert stat.S_IMODE(os.stat(conf).st_mode) == 0o600
    assert f"admin_password = {PASSWORD}" in conf.read_text()
    assert any("0o600" in note for note in result["notes"])
    again, _ = _configure("--config-file", str(conf))
    assert not again["changed"] and again["backup"] is None


def test_configure_creates_a_missing_file_private(tmp_path, offline):
    conf = tmp_path / "tempest.conf"
    result, _ = _configure("--config-file", str(conf))
    assert result["created"]
    assert stat.S_IMODE(os.stat(conf).st_mode) == 0o600
    assert "[image-feature-enabled]" in conf.read_text()


def test_configure_needs_a_cloud(tmp_path):
    parser = cli.build_parser()
    args = parser.parse_args(["tempest-conf", "configure", "--config-file",
                              str(tmp_path / "t.conf")])
    args.os_cloud = None
    with pytest.raises(errors.BadInput):
        args.func(args)


# -- tempestrun: exclude list and counting ----------------------------------


def test_shipped_exclude_list_has_a_reason_for_every_line():
    found = tempestrun.read_exclude_list(tempestrun.LOCAL_CLOUD_EXCLUDE_LIST)
    assert found
    for regex, reason in found:
        assert reason, regex.pattern


def test_exclude_list_reasons(tmp_path):
    path = tmp_path / "x.txt"
    path.write_text("# first\n# reason\n^a\\.b\n\n^c  # inline\n^d\n")
    found = tempestrun.read_exclude_list(str(path))
    assert [(r.pattern, why) for r, why in found] == [
        ("^a\\.b", "first reason"), ("^c", "inline"), ("^d", None)]
    path.write_text("# bad\n(\n")
    with pytest.raises(errors.BadInput):
        tempestrun.read_exclude_list(str(path))


def _result(tests, listed, excluded=()):
    return tempestrun.RunResult(
        workspace="w", regex="r", exclude_list=None, returncode=0,
        seconds=1.0, listed=listed, excluded=list(excluded),
        tests={t.id: t for t in tests}, subunit_file="s", log_file="l")


def test_counts_spread_class_skips_over_their_tests():
    ok = "pkg.mod.A.test_ok[id-1]"
    skipped_class = ["pkg.mod.B.test_1[id-2]", "pkg.mod.B.test_2[id-3]"]
    slow = "pkg.mod.C.test_slow[id-4]"
    gone = "pkg.mod.D.test_x[id-5]"
    result = _result(
        [tempestrun.TestResult(ok, "success", 0.5),
         tempestrun.TestResult("setUpClass (pkg.mod.B)", "skip", 0.0,
                               "no cache"),
         tempestrun.TestResult(slow, "fail", 61.0)],
        listed=[ok, *skipped_class, slow, gone], excluded=[gone])
    assert result.counts() == {
        "listed": 5, "excluded": 1, "passed": 1, "skipped": 2, "failed": 1,
        "not_run": 0, "fixture_errors": 0}
    problems = tempestrun.problems(result, 60)
    assert any(slow in p and "over 60 s" in p for p in problems)
    assert result.ran(r"\.A\.") == [ok]
    assert result.slowest(1)[0]["test"] == slow


def test_parse_subunit_timings():
    import datetime  # noqa: PLC0415

    from subunit import v2  # noqa: PLC0415

    out = io.BytesIO()
    stream = v2.StreamResultToBytes(out)
    began = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    for test_id, status, seconds in (("t.A.test_a", "success", 2.5),
                                     ("t.B.test_b", "skip", 0.0)):
        stream.status(test_id=test_id, test_status="inprogress",
                      timestamp=began)
        stream.status(test_id=test_id, test_status=status,
                      timestamp=began + datetime.timedelta(seconds=seconds))
    tests = tempestrun.parse_subunit(out.getvalue())
    assert tests["t.A.test_a"].status == "success"
    assert tests["t.A.test_a"].seconds == 2.5
    assert tests["t.B.test_b"].status == "skip"


def test_dollar_is_escaped_for_oslo_config(tmp_path):
    wanted = [tempestconf.Setting("auth", "admin_password", "a$b c'd",
                                  "clouds.yaml")]
    result = tempestconf.plan("tempest.conf", "", wanted)
    path = tmp_path / "tempest.conf"
    path.write_text(result.new_text)
    conf = cfg.ConfigOpts()
    conf.register_opt(cfg.StrOpt("admin_password"), group="auth")
    conf(args=[], default_config_files=[str(path)])
    assert conf.auth.admin_password == "a$b c'd"
    again = tempestconf.plan("tempest.conf", result.new_text, wanted)
    assert not again.changed
