"""The nova.conf and tempest.conf checks of ``upgrade check`` (offline)."""

from nova_glance_v2.checks import upgrade as upgradecheck

Code = upgradecheck.Code


def _nova(tmp_path, text):
    path = tmp_path / "nova.conf"
    path.write_text(text)
    return upgradecheck.NovaChecks(str(path))


def test_legacy_options_and_sections_are_failures(tmp_path):
    checks = _nova(tmp_path, "[DEFAULT]\nglance_host = g\n\n"
                             "[image_file_url:a]\nid = 1\n")
    result = checks.legacy()
    assert result.code == Code.FAILURE
    assert "[DEFAULT] glance_host" in result.details
    assert "[image_file_url:a]" in result.details


def test_modes(tmp_path):
    assert _nova(tmp_path, "[glance]\napi_servers = http://g\n").mode \
        == "api_servers"
    assert _nova(tmp_path, "[glance]\nendpoint_override = http://g\n"
                 ).mode == "endpoint_override"
    assert _nova(tmp_path, "[glance]\nregion_name = R\n").mode == "catalog"


def test_api_servers_warns_and_names_the_catalog_alternative(tmp_path):
    result = _nova(tmp_path, "[glance]\napi_servers = http://g\n"
                   ).deprecated_api_servers()
    assert result.code == Code.WARNING
    assert "region_name" in result.details
    assert "endpoint_override" in result.details


def test_insecure_is_a_warning(tmp_path):
    assert _nova(tmp_path, "[glance]\ninsecure = True\n").tls().code \
        == Code.WARNING
    assert _nova(tmp_path, "[glance]\ncafile = /ca\n").tls().code \
        == Code.SUCCESS


def test_modes_must_agree(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = _nova(tmp_path / "a", "[glance]\napi_servers = http://g\n")
    second = _nova(tmp_path / "b", "[glance]\nregion_name = R\n")
    assert upgradecheck.modes_agree([first, second]).code == Code.WARNING
    assert upgradecheck.modes_agree([first]).code == Code.SUCCESS


def test_tempest_api_v1_is_a_failure(tmp_path):
    path = tmp_path / "tempest.conf"
    path.write_text("[image-feature-enabled]\napi_v1 = True\n")
    assert upgradecheck.tempest_legacy(str(path)).code == Code.FAILURE
    path.write_text("[image-feature-enabled]\napi_v2 = True\n")
    assert upgradecheck.tempest_legacy(str(path)).code == Code.WARNING
    path.write_text("[image-feature-enabled]\nmanage_locations = True\n")
    assert upgradecheck.tempest_legacy(str(path)).code == Code.SUCCESS
