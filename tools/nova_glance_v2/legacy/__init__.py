"""The v1-era state an upgrade path starts from, for jobs and tests.

:mod:`.seed` puts versioned and duplicate image endpoints in the Keystone
catalog and host/port/protocol options in nova config files.
"""
