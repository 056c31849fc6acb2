"""The bench's figures: medians and spreads over the repetitions."""

import statistics

from nova_glance_v2_harness import nova_image_bench as bench


def _spread(values):
    return {"s": round(statistics.median(values), 3),
            "s min": round(min(values), 3), "s max": round(max(values), 3)}


def _speed(row, operation, reference):
    """MiB/s and the fraction of ``cp``'s speed, for the sized operations."""
    if operation in bench.SIZES_MIB:
        row["MiB/s"] = round(bench.SIZES_MIB[operation] / row["s"], 1)
        row["x cp"] = round(reference / row["s"], 2)
    return row


def _nova_row(operation, kind, runs, reference):
    seconds = [run[operation]["seconds"] for run in runs]
    requests = [run[operation]["requests"] for run in runs]
    row = {"operation": operation, "nova": kind,
           # The most any repetition made: "never more than stock" is
           # checked on it.
           "requests": max(requests), **_spread(seconds)}
    if min(requests) != max(requests):
        row["requests min"] = min(requests)
    return _speed(row, operation, reference)


def _comparison(operation, stock, free):
    return {
        "operation": operation,
        "stock requests": stock["requests"],
        "wrapper-free requests": free["requests"],
        "no more requests": free["requests"] <= stock["requests"],
        "wrapper-free/stock s": round(free["s"] / stock["s"], 2),
        "s ranges overlap": (free["s min"] <= stock["s max"]
                             and stock["s min"] <= free["s max"]),
    }


def build(results, references, novas):
    """The result object: per-nova rows, the comparison, the breakdown.

    ``results`` maps each nova's kind to its workers' outputs, one per
    repetition; ``references`` holds one :func:`reference.measure` per
    repetition.
    """
    def reference(name):
        return _spread([ref[name] for ref in references])

    cp = {op: reference(f"cp {op}") for op in bench.SIZES_MIB}
    rows, comparison = [], []
    for operation in bench.OPERATIONS:
        by_kind = {kind: _nova_row(operation, kind, runs,
                                   cp.get(operation, {}).get("s"))
                   for kind, runs in results.items()}
        rows.extend(by_kind.values())
        if operation in cp:
            rows.append(_speed({"operation": operation, "nova": "cp",
                                **cp[operation]}, operation,
                               cp[operation]["s"]))
        comparison.append(_comparison(operation, *by_kind.values()))
    breakdown = [
        _speed({"step": name, **reference(name)}, "download",
               cp["download"]["s"])
        for name in ("cp download", "copy in Python, fsync",
                     "sha512 of the image", "glance serving, discarded")]
    breakdown += [{"step": f"{row['nova']} nova download", "s": row["s"],
                   "MiB/s": row["MiB/s"], "x cp": row["x cp"]}
                  for row in rows
                  if row["operation"] == "download" and row["nova"] != "cp"]
    return {"operations": rows, "comparison": comparison,
            "download breakdown": breakdown,
            "repetitions": len(references), "novas": novas,
            "shows": bench.SHOWS, "list_images": bench.LIST_IMAGES,
            "download_mib": bench.DOWNLOAD_MIB,
            "upload_mib": bench.UPLOAD_MIB}
