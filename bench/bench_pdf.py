"""PDF plan with its appendix: the demo (119 rows) and a 400-row plan, against the 1,5 s budget of DESIGN.md §9.

Run: ``python -m bench.bench_pdf`` from the repository root. The first build of a process also
pays for importing reportlab and registering the fonts; it is printed apart ("first").

``python -m bench.bench_pdf --appendix 460 2000 20000``: the Phụ lục alone at those sizes, each in a
fresh process (wall time of the build, peak memory of the whole process), for issue 16's
linear-growth targets (2 000 rows ≤ 4 s; 20 000 ≤ 60 s and ≤ 300 MB).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from bench.common import leaf_entries, median_ms, synthetic_tree
from scoring import CriteriaSet, Scenario

ROWS = 400
REPEAT = 7
BUDGET_MS = 1500
TASK = (
    "Rà soát, cập nhật và công khai đầy đủ thủ tục hành chính; theo dõi, đôn đốc các phòng, đơn vị "
    "hoàn thành đúng hạn, báo cáo kết quả hằng tháng trước ngày 20."
)
SETTINGS = {
    "unit": "Sở Nội vụ tỉnh Quảng Ninh",
    "issuing_agency": "SỞ NỘI VỤ",
    "parent_agency": "UBND TỈNH QUẢNG NINH",
    "place": "Quảng Ninh",
    "doc_number": "05",
    "doc_symbol": "KH-SNV",
    "doc_date": "2026-02-05",
    "signer_authority": "KT. GIÁM ĐỐC",
    "signer_title": "PHÓ GIÁM ĐỐC",
    "signer_name": "Nguyễn Văn A",
}


def _large_file(folder: Path, rows: int = ROWS) -> Path:
    """An assessment of about ``rows`` rows with every scenario filled, a task and a lead unit on each leaf."""
    from desktop.assessment_file.store import AssessmentFile

    size = rows
    while len(tree := synthetic_tree(size)) < rows:  # the synthetic tree rounds down to whole tiêu chí
        size += 90
    for node in tree.leaves():
        node.lead = "Phòng Cải cách hành chính"
    path = folder / "large.sqlite"
    store = AssessmentFile.create(path, CriteriaSet(id="bench", title="bench", tree=tree), unit="x", year=2026)
    store.write_entries([(k, s, e) for s in Scenario for k, e in leaf_entries(tree).items()], user="b", field="b")
    store.write_texts([(n.key, "tasks", "", TASK) for n in tree.leaves()], user="b")
    store.write_settings(SETTINGS, user="b")
    store.close()
    return path


def appendix(rows: int) -> None:
    """One appendix build (run in its own process by ``scaled``): prints rows, pages, seconds, peak MB."""
    import resource

    from desktop.documents import Kind, build_pdf
    from desktop.session import Session

    with tempfile.TemporaryDirectory() as folder_name:
        session = Session.open(_large_file(Path(folder_name), rows))
        start = time.perf_counter()
        pages = build_pdf(session, Kind.APPENDIX, Path(folder_name) / "a.pdf").pages
        seconds = time.perf_counter() - start
        session.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    print(f"{len(session.tree)} {pages} {seconds:.2f} {peak:.0f}")


def scaled(sizes: list[int]) -> int:
    import subprocess

    print("appendix alone        rows  pages   seconds   peak MB   s per 1 000 rows")
    for size in sizes:
        out = subprocess.run(
            [sys.executable, "-m", "bench.bench_pdf", "--one", str(size)], capture_output=True, text=True, check=True
        ).stdout.split()
        rows, pages, seconds, peak = int(out[0]), int(out[1]), float(out[2]), float(out[3])
        print(f"{'':<20} {rows:>6} {pages:>6} {seconds:9.2f} {peak:9.0f} {seconds / rows * 1000:12.2f}")
    return 0


def main() -> int:
    if sys.argv[1:2] == ["--one"]:
        appendix(int(sys.argv[2]))
        return 0
    if sys.argv[1:2] == ["--appendix"]:
        return scaled([int(n) for n in sys.argv[2:]] or [460, 2000, 20000])
    from desktop.demo import write_demo
    from desktop.documents import Kind, build_pdf
    from desktop.session import Session

    rows = []
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        for label, path in (("demo plan + appendix", write_demo(folder / "demo.sqlite")), ("", _large_file(folder))):
            session = Session.open(path)
            out = folder / "plan.pdf"
            start = time.perf_counter()
            pages = build_pdf(session, Kind.PLAN, out).pages
            first = (time.perf_counter() - start) * 1000
            median = median_ms(lambda s=session, o=out: build_pdf(s, Kind.PLAN, o), repeat=REPEAT)
            rows.append((label or f"{len(session.tree)}-row plan + appendix", len(session.tree), pages, first, median))
            session.close()
    print("figure                         rows  pages   first    median      budget")
    for label, count, pages, first, median in rows:
        print(f"{label:<28} {count:>6} {pages:>6} {first:6.0f} ms {median:6.0f} ms  ≤ {BUDGET_MS} ms")
    return 0 if max(r[4] for r in rows) <= BUDGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
