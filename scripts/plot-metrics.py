"""Draws ProntoGram's key series, read back from Prometheus's HTTP API, into one PNG.

    /usr/bin/python3 scripts/plot-metrics.py --prometheus http://127.0.0.1:9099 \
        --start 1760000000 --end 1760000180 --title "..." [--soak soak.json] --out docs/metrics.png

scripts/metrics-picture.sh runs it after a soak. Needs only matplotlib (Debian's
python3-matplotlib, for Debian's python): Prometheus is read with the standard library.
Prints each line's median and range after the first window, for quoting a run's figures.
"""

import argparse
import json
import math
import urllib.parse
import urllib.request

import matplotlib

matplotlib.use("Agg")  # No display here: draw straight to the file.
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter  # noqa: E402

JOB = 'job="prontogram"'
# 30 s holds six 5 s scrapes: smooth enough to read, short enough to show a few minutes' run.
WINDOW = "30s"


def rate(metric):
    return f"sum(rate({metric}{{{JOB}}}[{WINDOW}]))"


def quantile(q, metric, labels=""):
    buckets = f"rate({metric}_bucket{{{JOB}{labels}}}[{WINDOW}])"
    return f"histogram_quantile({q}, sum by (le) ({buckets}))"


# Each panel: its y-axis label, a scale for the values, a log axis or not, and its lines
# (label, PromQL, line style, colour). A p50 shares its p99's colour, dotted.
PANELS = [
    (
        "messages / s",
        1,
        False,
        [
            ("accepted (202)", rate("prontogram_messages_accepted_total"), "-", "tab:green"),
            ("displayed", rate("prontogram_messages_displayed_total"), "--", "tab:blue"),
            ("rejected, all reasons", rate("prontogram_messages_rejected_total"), "-", "tab:red"),
        ],
    ),
    (
        "latency (ms, log)",
        1000,
        True,
        [
            (
                "publish confirm p99",
                quantile(0.99, "prontogram_publish_confirm_seconds", ', outcome="confirmed"'),
                "-",
                "tab:blue",
            ),
            (
                "publish confirm p50",
                quantile(0.5, "prontogram_publish_confirm_seconds", ', outcome="confirmed"'),
                ":",
                "tab:blue",
            ),
            (
                "accepted → displayed p99",
                quantile(0.99, "prontogram_accepted_to_displayed_seconds"),
                "-",
                "tab:green",
            ),
            (
                "accepted → displayed p50",
                quantile(0.5, "prontogram_accepted_to_displayed_seconds"),
                ":",
                "tab:green",
            ),
            (
                # prom-client samples the loop every 10 ms and counts that in: idle reads 10.
                "API event-loop lag p99 (idle: 10)",
                f"max(nodejs_eventloop_lag_p99_seconds{{{JOB}}})",
                "-.",
                "tab:purple",
            ),
        ],
    ),
    (
        "count",
        1,
        False,
        [
            ("pages connected", f"sum(prontogram_sessions_connected{{{JOB}}})", "-", "tab:blue"),
            ("consumers", f"sum(prontogram_consumers_active{{{JOB}}})", "--", "tab:orange"),
        ],
    ),
    (
        "API memory (MiB)",
        1 / 2**20,
        False,
        [("resident (RSS)", f"sum(process_resident_memory_bytes{{{JOB}}})", "-", "tab:brown")],
    ),
    (
        "API CPU (% of a core)",
        100,
        False,
        [("CPU", f"sum(rate(process_cpu_seconds_total{{{JOB}}}[{WINDOW}]))", "-", "tab:gray")],
    ),
]


def query_range(prometheus, expr, start, end, step):
    """One series as (times, values); empty when Prometheus has none (e.g. no rejections)."""
    params = urllib.parse.urlencode({"query": expr, "start": start, "end": end, "step": step})
    with urllib.request.urlopen(f"{prometheus}/api/v1/query_range?{params}", timeout=30) as answer:
        body = json.load(answer)
    if body["status"] != "success":
        raise RuntimeError(f"{expr}: {body}")
    result = body["data"]["result"]
    if not result:
        return [], []
    # Each query sums over instances, so there is one series at most.
    times, values = zip(*result[0]["values"])
    return list(times), [float(v) for v in values]


def soak_totals(path):
    """The soak's own count of the run, to set beside what Prometheus saw."""
    with open(path, encoding="utf-8") as file:
        run = json.load(file)
    return (
        f"soak's own count: sent {run['sent']}, accepted {run['accepted']}, "
        f"refused {run['refused']}, displayed {run['displayed']}, lost {run['lost']}"
    )


def warmed_up(prometheus, start, end, step):
    """When rates first cover a whole window: WINDOW after Prometheus's first scrape."""
    times, _ = query_range(prometheus, f"up{{{JOB}}}", start, end, step)
    return (times[0] if times else start) + int(WINDOW.rstrip("s"))


def summary(label, times, values, since):
    """Median and range once warmed up, printed so that a run's figures can be quoted."""
    steady = sorted(v for t, v in zip(times, values) if t >= since and math.isfinite(v))
    if not steady:
        return f"  {label}: no data"
    median = steady[len(steady) // 2]
    return f"  {label}: median {median:.3g}, from {steady[0]:.3g} to {steady[-1]:.3g}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prometheus", required=True)
    parser.add_argument("--start", type=float, required=True, help="Unix seconds")
    parser.add_argument("--end", type=float, required=True, help="Unix seconds")
    parser.add_argument("--step", default="5s")
    parser.add_argument("--title", required=True)
    parser.add_argument("--soak", help="the soak's JSON (its --out), for its totals")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    since = warmed_up(args.prometheus, args.start, args.end, args.step)
    figure, axes = plt.subplots(len(PANELS), 1, figsize=(11, 11), sharex=True)
    for ax, (ylabel, scale, log, lines) in zip(axes, PANELS):
        print(ylabel)
        highest, lowest = 0.0, math.inf
        for label, expr, style, colour in lines:
            times, values = query_range(args.prometheus, expr, args.start, args.end, args.step)
            scaled = [v * scale for v in values]
            print(summary(label, times, scaled, since))
            if not times:
                # Say so rather than leave out a line the reader would look for.
                ax.plot([], [], style, color=colour, label=f"{label}: none")
                continue
            minutes = [(t - args.start) / 60 for t in times]
            ax.plot(minutes, scaled, style, color=colour, label=label, linewidth=1.4)
            finite = [v for v in scaled if math.isfinite(v) and v > 0]
            highest = max([highest] + finite)
            lowest = min([lowest] + finite)
        ax.axvspan(0, (since - args.start) / 60, color="0.92", zorder=0)
        if log:
            ax.set_yscale("log")
            # Down to 1 ms at least, so that a tick below the lowest line gives the scale.
            ax.set_ylim(min(lowest, 1), highest * 2)
            # Plain numbers at 1, 2, 5, 10...: powers of ten alone leave most lines unlabelled.
            ax.yaxis.set_major_locator(LogLocator(subs=(1, 2, 5)))
            ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
            ax.yaxis.set_minor_formatter(NullFormatter())
        else:
            # From 0, with room above a flat line (sessions, memory) that would sit on the frame.
            ax.set_ylim(0, highest * 1.15 or 1)
        ax.set_ylabel(ylabel)
        ax.grid(True, which="major", alpha=0.3)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small", frameon=False)
    axes[-1].set_xlabel("minutes since the soak started")
    axes[-1].set_xlim(0, (args.end - args.start) / 60)
    figure.suptitle(args.title, fontsize="medium")
    notes = [
        f"from Prometheus (job prontogram, 5 s scrapes), rates and quantiles over {WINDOW};"
        f" grey: until {WINDOW} after the first scrape, where rates are not yet whole"
    ]
    if args.soak:
        notes.append(soak_totals(args.soak))
    figure.text(0.5, 0.962, "\n".join(notes), ha="center", va="top", fontsize="small", color="gray")
    figure.tight_layout(rect=(0, 0, 1, 0.93))
    figure.savefig(args.out, dpi=80)


if __name__ == "__main__":
    main()
