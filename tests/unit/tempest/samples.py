"""Samples for the tempest tests: a cloud report like the local cloud's
and a v1-era tempest.conf."""

from nova_glance_v2.tempest import settings as tempestconf

PASSWORD = "s3cret-Admin-pw"


def make_report(**glance_kw):
    """The report of a cloud like the local one; glance fields replaced."""
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
