"""Whole commands at 460, 2 000 and 20 000 nodes: ``pardesk score --json`` and ``export-xlsx``.

Run: ``python -m bench.bench_files [NODES ...]``. Each sample is a whole process (start-up
included, as the officer or a script runs it), with its peak memory; the anchor, taken in turn
with it, is a bare Python start (``python -c pass``). Files come from ``bench.big_file``.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
from pathlib import Path

from bench.big_file import SIZES, write_big_file
from bench.measure import Figure, compile_bytecode, machine, paired, ratio, run_process, seconds

RUNS = {460: 7, 2_000: 5, 20_000: 3}


def _command(args: list[str], figure: Figure) -> float:
    took, peak = run_process(args, cpu=figure.cpu)
    figure.peaks.append(peak)
    return took


def measure(nodes: int, folder: Path) -> list[str]:
    path = write_big_file(folder / f"files-{nodes}.sqlite", nodes)
    out = folder / f"files-{nodes}.xlsx"
    bare = [sys.executable, "-c", "pass"]
    lines = []
    for name, args in (
        ("pardesk score --json", [sys.executable, "-m", "desktop", "score", str(path), "--json"]),
        ("pardesk export-xlsx", [sys.executable, "-m", "desktop", "export-xlsx", str(path), str(out)]),
    ):
        peaks = Figure()
        runs = RUNS.get(nodes, 3)
        result = paired(lambda a=args, p=peaks: _command(a, p), lambda: run_process(bare)[0], runs)
        cpu = peaks.cpu[-runs:]  # the timed samples' (the warm-up pair's left out)
        lines.append(
            f"{name}, {nodes} nodes: median {seconds(result.a.median)} "
            f"(min {seconds(min(result.a.samples))}, max {seconds(max(result.a.samples))}), "
            f"CPU median {seconds(statistics.median(cpu))} (min {seconds(min(cpu))}), "
            f"peak {peaks.peak:.0f} MB; bare Python start {seconds(result.b.median)}; ratio {ratio(result.ratio)}; "
            f"load {os.getloadavg()[0]:.1f}"
        )
    return lines


def main(argv: list[str]) -> int:
    sizes = [int(a) for a in argv] or list(SIZES)
    compile_bytecode()
    print(machine())
    with tempfile.TemporaryDirectory() as name:
        for nodes in sizes:
            for line in measure(nodes, Path(name)):
                print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
