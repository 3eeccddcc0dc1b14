"""Paired measurements: a figure and its anchor taken in turn, with medians, p95 and the ratio per pair.

A shared 2-core machine drifts; a figure alone says little. Each benchmark here runs what the
officer feels (A) and an anchor on the same machine (B) alternately, A B A B …, and reports
the median of each and the median of the ratios A/B taken pair by pair.
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Figure", "Paired", "compile_bytecode", "machine", "paired", "ratio", "run_process", "seconds"]

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Figure:
    """Samples of one measured thing, in seconds (peak memory in MB where measured)."""

    samples: list[float] = field(default_factory=list)
    peaks: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # CPU seconds (user + system) of each sample

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        ordered = sorted(self.samples)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]

    @property
    def peak(self) -> float | None:
        return max(self.peaks) if self.peaks else None


@dataclass
class Paired:
    """A figure, its anchor, and the ratio of each pair."""

    a: Figure
    b: Figure

    @property
    def ratio(self) -> float:
        return statistics.median(x / y for x, y in zip(self.a.samples, self.b.samples, strict=True))


def paired(a: Callable[[], float], b: Callable[[], float], runs: int, *, warmup: int = 1) -> Paired:
    """Run ``a`` and ``b`` in turn ``runs`` times (after ``warmup`` unrecorded pairs); each returns
    its own duration in seconds (so it can leave out its set-up)."""
    for _ in range(warmup):
        a(), b()
    result = Paired(Figure(), Figure())
    for _ in range(runs):
        result.a.samples.append(a())
        result.b.samples.append(b())
    return result


def run_process(
    args: Sequence[str], *, env: dict[str, str] | None = None, until: str = "", cpu: list[float] | None = None
) -> tuple[float, float]:
    """Wall seconds of one process, and its peak memory in MB (0 where the platform cannot say).

    With ``until``, the time is taken when the process prints that line (it may go on exiting).
    With ``cpu``, the process's CPU seconds (user + system) are appended to it: on a loaded
    machine they move much less than the wall time (the work itself, not the wait for a core).
    """
    start = time.perf_counter()
    process = subprocess.Popen(
        list(args), env=env, stdout=subprocess.PIPE if until else subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    took = None
    if until and process.stdout is not None:
        for line in process.stdout:
            if line.decode(errors="replace").strip() == until:
                took = time.perf_counter() - start
                break
        process.stdout.close()
    if hasattr(os, "wait4"):
        _pid, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        peak = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
        if cpu is not None:
            cpu.append(usage.ru_utime + usage.ru_stime)
    else:
        process.wait()
        peak = 0.0
    if took is None:
        took = time.perf_counter() - start
    if process.returncode != 0 or (until and took is None):
        raise RuntimeError(f"{' '.join(args)} failed (exit {process.returncode})")
    return took, peak


def compile_bytecode() -> None:
    """An installed app runs from compiled bytecode (pip and PyInstaller compile it); so do we."""
    packages = [str(ROOT / p) for p in ("scoring", "desktop", "ui", "bench")]
    subprocess.run([sys.executable, "-m", "compileall", "-q", *packages], check=True)


def machine() -> str:
    """One line naming the machine the figures come from."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            cpu = next((line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")), cpu)
    except OSError:
        pass
    load = f", load {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else ""
    system = f"{platform.system()} {platform.release()}"
    return f"{system}, {os.cpu_count()} CPU ({cpu}){load}, Python {platform.python_version()}"


def seconds(value: float) -> str:
    """Vietnamese decimal comma, as the README writes figures."""
    if value < 0.1:
        return f"{value * 1000:.1f} ms".replace(".", ",")
    return f"{value:.2f} s".replace(".", ",")


def ratio(value: float) -> str:
    return f"{value:.2f}×".replace(".", ",")
