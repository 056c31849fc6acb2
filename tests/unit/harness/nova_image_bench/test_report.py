"""nova_image_bench.report: medians, spreads and the comparison."""

from nova_glance_v2_harness import nova_image_bench as bench
from nova_glance_v2_harness.nova_image_bench import report


def _run(seconds, requests):
    return {op: {"seconds": seconds, "requests": requests}
            for op in bench.OPERATIONS}


def _references(cp):
    return [{"cp download": s, "cp upload": s / 4,
             "copy in Python, fsync": 1.0, "sha512 of the image": 2.0,
             "glance serving, discarded": 0.5} for s in cp]


def test_medians_spreads_and_speed():
    results = {"stock": [_run(s, 2) for s in (4.0, 2.0, 9.0)],
               "wrapper-free": [_run(s, 1) for s in (1.0, 3.0, 2.0)]}
    built = report.build(results, _references([1.0, 0.5, 2.0]), {})
    download = {row["nova"]: row for row in built["operations"]
                if row["operation"] == "download"}
    assert download["stock"]["s"] == 4.0
    assert (download["stock"]["s min"], download["stock"]["s max"]) == (
        2.0, 9.0)
    assert download["wrapper-free"]["MiB/s"] == bench.DOWNLOAD_MIB / 2.0
    assert download["wrapper-free"]["x cp"] == 0.5
    assert download["cp"]["x cp"] == 1.0
    assert built["repetitions"] == 3
    compared = {row["operation"]: row for row in built["comparison"]}
    assert compared["download"]["no more requests"] is True
    assert compared["download"]["wrapper-free/stock s"] == 0.5
    assert compared["download"]["s ranges overlap"] is True
    steps = [row["step"] for row in built["download breakdown"]]
    assert steps == ["cp download", "copy in Python, fsync",
                     "sha512 of the image",
                     "glance serving, discarded", "stock nova download",
                     "wrapper-free nova download"]


def test_more_requests_in_any_repetition_is_reported():
    results = {"stock": [_run(1.0, 2), _run(1.0, 2)],
               "wrapper-free": [_run(5.0, 1), _run(6.0, 3)]}
    built = report.build(results, _references([1.0, 1.0]), {})
    free = [row for row in built["operations"]
            if row["nova"] == "wrapper-free"][0]
    assert (free["requests"], free["requests min"]) == (3, 1)
    compared = built["comparison"][0]
    assert compared["no more requests"] is False
    assert compared["s ranges overlap"] is False
