"""Start-up and opening: the app's window shown and painted, against a bare Qt window shown and painted.

Run: ``QT_QPA_PLATFORM=offscreen python -m bench.bench_start [NODES ...]`` (default: the demo, then
460, 2 000 and 20 000 nodes). Each sample is a whole new process, timed from its launch until
it says its table has been painted (the officer can read and type); the anchor is a process
that shows a bare QMainWindow holding a QTreeView and waits for the same first paint. With the
demo a third process is taken in turn: the same widgets as the app's window around a Python
model of the demo's size, with no code of the app (``paint_child floor``), the least any PySide6
window like it costs.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
from pathlib import Path

from bench.measure import Figure, compile_bytecode, machine, paired, ratio, run_process, seconds
from bench.paint_child import PAINTED

RUNS = {0: 11, 460: 7, 2_000: 5, 20_000: 3}


def _file(folder: Path, nodes: int) -> Path:
    if nodes == 0:
        from desktop.demo import write_demo

        return write_demo(folder / "demo.sqlite")
    from bench.big_file import write_big_file

    return write_big_file(folder / f"start-{nodes}.sqlite", nodes)


CHILD = [sys.executable, "-m", "bench.paint_child"]


def _start(what: str, env: dict[str, str], figure: Figure) -> None:
    took, _peak = run_process([*CHILD, what], env=env, until=PAINTED, cpu=figure.cpu)
    figure.samples.append(took)


def measure_demo(folder: Path, env: dict[str, str]) -> str:
    """The app, the floor and the bare window in turn (A C B A C B …): both ratios from one run."""
    path = str(_file(folder, 0))
    figures = {what: Figure() for what in (path, "floor", "bare")}
    for what in figures:  # one unrecorded round: the first start reads the files from disk
        _start(what, env, Figure())
    for _ in range(RUNS[0]):
        for what, figure in figures.items():
            _start(what, env, figure)
    app, floor, bare = figures.values()

    def per_pair(a: list[float], b: list[float]) -> str:
        return ratio(statistics.median(x / y for x, y in zip(a, b, strict=True)))

    return (
        f"window shown and painted, the demo (119 nodes): median {seconds(app.median)} "
        f"(min {seconds(min(app.samples))}, CPU {seconds(statistics.median(app.cpu))}); "
        f"bare QMainWindow+QTreeView {seconds(bare.median)} (CPU {seconds(statistics.median(bare.cpu))}): "
        f"ratio {per_pair(app.samples, bare.samples)} (CPU {per_pair(app.cpu, bare.cpu)}); "
        f"the same widgets with no app code {seconds(floor.median)}: {per_pair(floor.samples, bare.samples)} "
        f"the bare window (CPU {per_pair(floor.cpu, bare.cpu)}); the app {per_pair(app.samples, floor.samples)} "
        f"of them"
    )


def measure(nodes: int, folder: Path, env: dict[str, str]) -> str:
    if nodes == 0:
        return measure_demo(folder, env)
    path = _file(folder, nodes)
    child = CHILD
    result = paired(
        lambda: run_process([*child, str(path)], env=env, until=PAINTED)[0],
        lambda: run_process([*child, "bare"], env=env, until=PAINTED)[0],
        RUNS.get(nodes, 5),
    )
    return (
        f"window shown and painted, {nodes} nodes: median {seconds(result.a.median)} "
        f"(min {seconds(min(result.a.samples))}, max {seconds(max(result.a.samples))}); "
        f"bare QMainWindow+QTreeView {seconds(result.b.median)}; ratio {ratio(result.ratio)}"
    )


def main(argv: list[str]) -> int:
    sizes = [int(a) for a in argv] or [0, 460, 2_000, 20_000]
    compile_bytecode()
    print(machine())
    with tempfile.TemporaryDirectory() as name:
        env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
        env["XDG_CONFIG_HOME"] = env["XDG_DATA_HOME"] = name  # the app's settings stay here
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        for nodes in sizes:
            print(measure(nodes, Path(name), env), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
