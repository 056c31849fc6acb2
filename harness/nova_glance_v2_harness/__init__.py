"""nova-glance-v2's development harness, a package of its own.

* :mod:`.localcloud`: a real keystone, glance and nova-api from PyPI on
  127.0.0.1, started without root or systemd;
* :mod:`.gate`: the one-machine reproduction of the gate job on it;
* :mod:`.bench`, :mod:`.big_files_bench`, :mod:`.nova_image_bench`: the
  benchmarks that print the project's performance figures.

It uses the product (:mod:`nova_glance_v2`) as operators do; the product
never imports it, and neither the install role nor the devstack plugin
installs it.
"""
