"""``nova-glance-v2-harness bench nova-image``: stock nova vs the wrapper-free
nova.

One run on one local cloud: the same operations through nova's own image
client, once with the venv's stock nova and once with the wrapper-free
overlay, each in a worker process of its own (one process can import one
nova), repeated ``--repeat`` times in alternating order:

- ``first show``: the first show of a worker process;
- ``show x10``: 10 more shows through ``nova.image.glance.API``, each in
  a new request context, as nova-api makes one for every API request;
- ``nova-api show x10``: 10 ``GET /v2.1/images/<id>`` through nova-api's
  own WSGI pipeline (keystonemiddleware included), loaded in the worker;
- ``list``: one listing of (at least) 100 images;
- ``download``: a 1 GiB image to a file, as a compute host fetches one;
- ``upload``: a snapshot-style chunked upload of 256 MiB from a file.

For each: the requests glance served (counted in glance's access log),
seconds (median, min and max over the repetitions) and MiB/s. ``cp`` of
the same data (the store file for download, the snapshot file for upload)
is the physical reference, and the download's breakdown shows what the
data path costs without nova: the SHA-512 check glanceclient makes of
every download, and glance serving the file to a client that discards it.

Modules: :mod:`.runner` (seeding, workers, clean-up), :mod:`.worker` (one
nova in one process), :mod:`.reference` (cp and the breakdown),
:mod:`.report` (the figures).
"""

MIB = 1024 * 1024
SHOWS = 10
LIST_IMAGES = 100
DOWNLOAD_MIB = 1024
UPLOAD_MIB = 256
OPERATIONS = ("first show", f"show x{SHOWS}", f"nova-api show x{SHOWS}",
              "list", "download", "upload")
SIZES_MIB = {"download": DOWNLOAD_MIB, "upload": UPLOAD_MIB}
NAME_PREFIX = "ngv2-bench-nova-image"
