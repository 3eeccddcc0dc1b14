"""Start-up to a usable window, against a bare QMainWindow + QTreeView; one edit through the model.

Run: ``QT_QPA_PLATFORM=offscreen python -m bench.bench_startup``. Budgets (DESIGN.md §9): start
≤ 1,0 s and ≤ 2 × the bare window; one edit (recalculate + commit + signal) ≤ 5 ms at 400 nodes.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PACKAGES = ("scoring", "desktop", "ui", "bench")
BARE = (
    "from PySide6.QtWidgets import QApplication, QMainWindow, QTreeView\n"
    "app = QApplication([])\nw = QMainWindow()\nw.setCentralWidget(QTreeView())\nw.show()\napp.processEvents()\n"
)


def process_seconds(args: list[str], env: dict[str, str], repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(args, env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def edit_through_model(nodes: int) -> float:
    from PySide6.QtWidgets import QApplication

    from bench.common import median_ms, synthetic_tree
    from desktop.assessment_file.store import AssessmentFile
    from desktop.session import Session
    from scoring import CriteriaSet
    from ui.tree_model import Column, CriteriaModel

    app = QApplication.instance() or QApplication([])
    tree = synthetic_tree(nodes)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite"
        AssessmentFile.create(path, CriteriaSet(id="b", title="b", tree=tree), unit="x", year=2026).close()
        session = Session.open(path)
        model = CriteriaModel(session)
        leaf = next(n for n in tree.leaves() if n.rule.kind.value == "direct")
        index = model.index_for_key(leaf.key, Column.ACTUAL)
        values = iter(["0,5", "0,75"] * 200)
        took = median_ms(lambda: model.setData(index, next(values)), repeat=101)
        session.close()
    del app
    return took


def main() -> int:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    # An installed app runs from compiled bytecode (pip and PyInstaller compile it); measure that,
    # not a machine that forbids writing .pyc files.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    root = Path(__file__).resolve().parents[1]
    subprocess.run([sys.executable, "-m", "compileall", "-q", *(str(root / p) for p in PACKAGES)], check=True)
    with tempfile.TemporaryDirectory() as folder:
        env["XDG_CONFIG_HOME"] = env["XDG_DATA_HOME"] = folder
        demo = Path(folder) / "demo.sqlite"
        subprocess.run([sys.executable, "-m", "desktop", "demo", str(demo)], env=env, check=True, capture_output=True)
        bare = process_seconds([sys.executable, "-c", BARE], env)
        ours = process_seconds([sys.executable, "-m", "desktop", "--smoke-test", str(demo)], env)
    edit = edit_through_model(400)
    print("figure                                              median     budget")
    print(f"bare QMainWindow + QTreeView process                {bare:6.2f} s")
    print(f"pardesk --smoke-test with the demo file             {ours:6.2f} s   ≤ 1,0 s and ≤ {2 * bare:.2f} s")
    print(f"one edit through the model at 400 nodes             {edit:6.2f} ms  ≤ 5 ms")
    return 0 if ours <= 1.0 and ours <= 2 * bare and edit <= 5 else 1


if __name__ == "__main__":
    sys.exit(main())
