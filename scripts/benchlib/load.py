"""wrk runs and their figures."""

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass

UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


def require_wrk():
    if shutil.which("wrk"):
        return
    sys.exit("wrk is not installed. Install it with `sudo apt-get install -y wrk` and run `make bench` again.")


@dataclass
class Run:
    rps: float
    p50: float
    p99: float
    bad: int  # responses that were not 2xx/3xx
    errors: str  # wrk's socket errors line, "" when none


def wrk(url, duration, connections, threads=2, headers=()):
    """One wrk run against `url`: req/s, p50 and p99 in ms, bad responses, socket errors."""
    # A 30 s timeout so a slow page is measured, not dropped from the percentiles as a timeout.
    command = ["wrk", f"-t{min(threads, connections)}", f"-c{connections}", f"-d{duration}s", "--timeout", "30s"]
    for header in headers:
        command += ["-H", header]
    out = subprocess.run([*command, "--latency", url], capture_output=True, text=True, check=True).stdout

    def latency(percent):
        value, unit = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s|m|h)\s*$", out, re.M).groups()
        return float(value) * UNITS_MS[unit]

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors:\s+(.*)", out)
    return Run(rps, latency(50), latency(99), int(bad.group(1)) if bad else 0, errors.group(1) if errors else "")


def median(values):
    values = sorted(values)
    middle = len(values) // 2
    return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2


def table(header, rows):
    """Rows of strings as aligned columns: the first two flush left, numbers flush right."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = []
    for n, row in enumerate([header, *rows]):
        cells = zip(row, widths, strict=True)
        lines.append("  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(cells)))
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)
