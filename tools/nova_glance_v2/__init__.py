"""Move nova onto the Glance image API v2.

The package behind the ``nova-glance-v2`` command: Keystone catalog
convergence, nova.conf migration, tempest configuration, upgrade checks,
end-to-end verification and a one-machine local cloud.
"""
