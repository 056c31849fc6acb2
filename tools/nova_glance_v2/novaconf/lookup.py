"""The image url from the Keystone catalog, when nothing else gives it."""

from keystoneauth1 import exceptions as ks_exc

from nova_glance_v2 import errors
from nova_glance_v2 import session


class CatalogLookup:
    """The image url from the Keystone catalog, asked once per region.

    Only called when neither the command line nor the file names a url,
    so an offline run never builds a session.
    """

    def __init__(self, cloud):
        self.cloud = cloud
        self.session = None
        self.found = {}

    def __call__(self, region, interfaces):
        key = (region, tuple(interfaces))
        if key not in self.found:
            self.found[key] = self._look_up(region, interfaces)
        return self.found[key]

    def _look_up(self, region, interfaces):
        if not self.cloud:
            raise errors.BadInput(
                "the file does not say where glance is; pass --api-servers "
                "or --endpoint-override, or --os-cloud to read the Keystone "
                "catalog"
            )
        if self.session is None:
            self.session = session.connect(self.cloud).session
        for interface in interfaces:
            with session.service_errors("keystone"):
                try:
                    url = self.session.get_endpoint(
                        service_type="image", interface=interface,
                        region_name=region,
                    )
                except ks_exc.EndpointNotFound:
                    url = None
            if url:
                return url
        raise errors.CheckFailed(
            f"cloud {self.cloud}: no image endpoint in the catalog (region "
            f"{region or 'any'}, interfaces {','.join(interfaces)})"
        )
