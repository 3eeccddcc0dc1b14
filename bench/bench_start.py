"""Start-up and opening: the app's window shown and painted, against a bare Qt window shown and painted.

Run: ``QT_QPA_PLATFORM=offscreen python -m bench.bench_start [NODES ...]`` (default: the demo, then
460, 2 000 and 20 000 nodes). Each sample is a whole new process, timed from its launch until
it says its table has been painted (the officer can read and type); the anchor is a process
that shows a bare QMainWindow holding a QTreeView and waits for the same first paint.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from bench.measure import compile_bytecode, machine, paired, ratio, run_process, seconds
from bench.paint_child import PAINTED

RUNS = {0: 9, 460: 7, 2_000: 5, 20_000: 3}


def _file(folder: Path, nodes: int) -> Path:
    if nodes == 0:
        from desktop.demo import write_demo

        return write_demo(folder / "demo.sqlite")
    from bench.big_file import write_big_file

    return write_big_file(folder / f"start-{nodes}.sqlite", nodes)


def measure(nodes: int, folder: Path, env: dict[str, str]) -> str:
    path = _file(folder, nodes)
    child = [sys.executable, "-m", "bench.paint_child"]
    result = paired(
        lambda: run_process([*child, str(path)], env=env, until=PAINTED)[0],
        lambda: run_process([*child, "bare"], env=env, until=PAINTED)[0],
        RUNS.get(nodes, 5),
    )
    what = "the demo (119 nodes)" if nodes == 0 else f"{nodes} nodes"
    return (
        f"window shown and painted, {what}: median {seconds(result.a.median)} "
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
