"""The legacy nova.conf corpus and what each file must become, per mode.

Files are in ``corpus/``; the expected result of
``nova-conf configure --mode M`` (offline, ``--region RegionOne`` for the
catalog mode) of ``corpus/F.conf`` is ``corpus/expected/F.M.conf``.
"""

import pathlib

CORPUS = pathlib.Path(__file__).parent / "corpus"
EXPECTED = CORPUS / "expected"
REGION = "RegionOne"

# file -> where glance is, as nova read it (None: more than one url).
URLS = {
    "kilo_default_host": ["http://192.0.2.10:9292"],
    "kilo_api_servers_schemeless": ["http://ctl1:9292", "http://ctl2:9292"],
    "liberty_glance_section": ["https://glance.example.org:9292"],
    "newton_versioned": [
        "http://ctl1:9292", "https://cloud.example.org/image",
    ],
    "ipv6_host": ["http://[fd00:1::10]:9393"],
    "ipv6_api_servers": [
        "http://[fd00:1::20]:9292", "http://[fd00:1::21]:9292",
    ],
    "sample_style": ["http://203.0.113.5:9292"],
    "repeated_sections": ["http://ctl1.example.org:9292"],
    "modern": ["http://ctl1:9292", "http://ctl2:9292"],
}
CONFLICTS = ("conflict_hosts", "conflict_api_servers_host")
UNPARSABLE = {"unparsable": 4}
MODES = ("api_servers", "catalog", "endpoint_override")


def cases():
    """(file stem, mode) for every migration that must succeed."""
    for stem, urls in sorted(URLS.items()):
        for mode in MODES:
            if mode == "endpoint_override" and len(urls) > 1:
                continue
            yield stem, mode


def source(stem):
    return CORPUS / f"{stem}.conf"


def expected(stem, mode):
    return EXPECTED / f"{stem}.{mode}.conf"
