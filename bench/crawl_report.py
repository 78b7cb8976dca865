"""bench/crawl.py's figures: per-crawler summaries (median, best, trimmed mean), the table, and the
ratios against plain Scrapy, per row and paired per repeat."""

from __future__ import annotations

PLAIN_ROW, OURS, BASELINE, WGET = "plain scrapy", "ours (WARC)", "baseline (WARC)", "wget --warc-file"


def trimmed_mean(values: list[float]) -> float:
    """Mean without the lowest and highest fifth (nothing dropped below 5 values)."""
    v = sorted(values)
    cut = len(v) // 5
    v = v[cut : len(v) - cut] or v
    return sum(v) / len(v)


def median(values: list[float]) -> float:
    v = sorted(values)
    n = len(v)
    return v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2


def per_page(r: dict[str, float], key: str) -> float:
    """pages/s for the wall figures, CPU ms/page for the others (nan where the crawler lacks it)."""
    if key == "total_cpu" and "crawl_cpu" in r:  # crawl CPU + the writer process's (start-up included)
        return 1000 * (r["crawl_cpu"] + r.get("writer_cpu", 0.0)) / r["pages"]
    if key not in r:
        return float("nan")
    return r["pages"] / r[key] if key.endswith("wall") else 1000 * r[key] / r["pages"]


PAIR_KEYS = (
    ("crawl_wall", "crawl pages/s"),
    ("crawl_cpu", "crawl CPU/page"),
    ("reactor_cpu", "reactor CPU/page"),
    ("total_cpu", "total CPU/page"),
)


def paired(runs: dict[str, list[dict[str, float] | None]]) -> None:
    """Per-repeat ratios between two crawlers (run back to back, so they share the machine's load at that
    moment), as median and trimmed mean: steadier than a ratio of medians on a busy machine."""
    pairs = [(OURS, PLAIN_ROW), (BASELINE, PLAIN_ROW), (OURS, BASELINE)]
    pairs += [(k, p) for k in runs if k.startswith("ours, ") for p in (PLAIN_ROW, OURS)]
    for a, b in pairs:
        if a not in runs or b not in runs:
            continue
        both = [(x, y) for x, y in zip(runs[a], runs[b], strict=True) if x and y]
        parts = []
        for key, label in PAIR_KEYS:
            ratios = [per_page(x, key) / per_page(y, key) for x, y in both]
            parts.append(f"{label} x{median(ratios):.3f} (tmean x{trimmed_mean(ratios):.3f})")
        print(f"paired {a} / {b}, {len(both)} repeats: " + ", ".join(parts))
    ours = [(x, y) for x, y in zip(runs[OURS], runs[PLAIN_ROW], strict=True) if x and y]
    if ours:
        speed = median([per_page(x, "crawl_wall") / per_page(y, "crawl_wall") for x, y in ours])
        cpu = median([per_page(x, "reactor_cpu") / per_page(y, "reactor_cpu") for x, y in ours])
        print(
            f"ours vs plain Scrapy: crawl pages/s {100 * (speed - 1):+.1f}%, "
            f"reactor CPU/page {100 * (cpu - 1):+.1f}% (medians of paired ratios)"
            "   [target: pages/s at most 10% lower]"
        )


def summarize(runs: list[dict[str, float] | None]) -> dict[str, float] | None:
    """Median, best and trimmed mean of the runs: pages/s from wall time, CPU ms/page from CPU time."""
    done = [r for r in runs if r is not None]
    if not done:
        return None
    out = {"pages": done[0]["pages"], "mb": done[0]["bytes"] / 1e6}
    for key in ("wall", "crawl_wall", "cpu", "crawl_cpu", "reactor_cpu", "writer_cpu", "total_cpu"):
        v = [per_page(r, key) for r in done]
        speed = key.endswith("wall")
        out[key + "_med"], out[key + "_tmean"] = median(v), trimmed_mean(v)
        out[key + "_best"] = max(v) if speed else min(v)
    return out


COLUMNS = (  # (heading, key): pages/s (higher is better), then CPU ms/page (lower is better)
    ("pages/s med", "wall_med"), ("best", "wall_best"),
    ("crawl pages/s med", "crawl_wall_med"), ("best", "crawl_wall_best"),
    ("CPU ms/page med", "cpu_med"),
    ("crawl CPU med", "crawl_cpu_med"), ("tmean", "crawl_cpu_tmean"), ("min", "crawl_cpu_best"),
    ("reactor med", "reactor_cpu_med"), ("tmean", "reactor_cpu_tmean"), ("min", "reactor_cpu_best"),
    ("writer med", "writer_cpu_med"), ("total CPU med", "total_cpu_med"),
)  # fmt: skip


def report(runs: dict[str, list[dict[str, float] | None]]) -> None:
    rows = {k: summarize(v) for k, v in runs.items()}
    print(
        f"{'crawler':18} {'pages':>6} " + " ".join(f"{h:>{max(len(h), 6)}}" for h, _ in COLUMNS) + "  WARC MB"
    )
    for name, r in rows.items():
        if r is None:
            print(f"{name:18} skipped")
            continue
        cells = " ".join(
            f"{r.get(k, float('nan')):>{max(len(h), 6)}.{1 if 'wall' in k else 2}f}" for h, k in COLUMNS
        )
        print(f"{name:18} {r['pages']:6.0f} {cells} {r['mb']:8.2f}")
    base, wget = rows[PLAIN_ROW], rows.get(WGET)
    assert base is not None
    for name, ours in rows.items():
        if name in (PLAIN_ROW, WGET) or ours is None:
            continue
        for label, suffix in (("median", "_med"), ("best", "_best"), ("trimmed mean", "_tmean")):
            x = {
                k: ours[k + suffix] / base[k + suffix]
                for k in ("wall", "crawl_wall", "crawl_cpu", "reactor_cpu")
            }
            change = 100 * (x["crawl_wall"] - 1)
            print(
                f"{name} / plain ({label}): crawl pages/s x{x['crawl_wall']:.3f} "
                f"({abs(change):.1f}% {'slower' if change < 0 else 'faster'}), "
                f"process pages/s x{x['wall']:.3f}, crawl CPU/page x{x['crawl_cpu']:.3f}, "
                f"reactor CPU/page x{x['reactor_cpu']:.3f}"
            )
        if wget:
            print(
                f"{name} / wget (median): pages/s x{ours['wall_med'] / wget['wall_med']:.3f}, "
                f"CPU/page x{ours['cpu_med'] / wget['cpu_med']:.3f}"
            )
