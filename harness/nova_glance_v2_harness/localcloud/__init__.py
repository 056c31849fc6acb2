"""A real keystone, glance and nova-api on 127.0.0.1, from PyPI.

No devstack, no systemd: the services of the installed packages run under
uWSGI (glance under gunicorn, which handles the chunked uploads nova makes)
with sqlite databases and all their state in one directory.
"""
