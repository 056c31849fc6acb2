"""Sphinx configuration of the nova-glance-v2 documentation.

Built with ``sphinx-build -W`` (warnings are errors) from the zuul venv
(requirements-zuul.txt); zuul-sphinx documents the jobs from ``zuul.d/``
and the roles from ``roles/*/README.rst``.
"""

project = "nova-glance-v2"
copyright = "nova-glance-v2 contributors"  # noqa: A001 - Sphinx's name
extensions = ["zuul_sphinx"]
exclude_patterns = []
html_theme = "alabaster"
