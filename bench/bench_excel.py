"""Excel export and import of a 400-row assessment (medians), against the 1,0 s budgets of DESIGN.md §9.

Run: ``python -m bench.bench_excel`` from the repository root.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from bench.common import leaf_entries, median_ms, synthetic_tree
from scoring import CriteriaSet, Scenario

ROWS = 400
REPEAT = 7


def main() -> int:
    from desktop.assessment_file.store import AssessmentFile
    from desktop.excel.exporting import export_workbook
    from desktop.excel.importing import create_from_table, read_table
    from desktop.session import Session

    size = ROWS
    while len(tree := synthetic_tree(size)) < ROWS:  # the synthetic tree rounds down to whole tiêu chí
        size += 90
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite"
        store = AssessmentFile.create(path, CriteriaSet(id="bench", title="bench", tree=tree), unit="x", year=2026)
        items = [(k, s, e) for s in Scenario for k, e in leaf_entries(tree).items()]
        store.write_entries(items, user="bench", field="bench")
        store.close()
        session = Session.open(path)
        out = Path(folder) / "bench.xlsx"
        export_workbook(session, out)  # the first call pays for importing openpyxl (≈ 0,2 s), as the app does once
        export = median_ms(lambda: export_workbook(session, out), repeat=REPEAT)
        session.close()
        read = median_ms(lambda: read_table(out).build(), repeat=REPEAT)
        counter = iter(range(1000))
        create = median_ms(
            lambda: create_from_table(out, Path(folder) / f"new-{next(counter)}.sqlite", unit="x", year=2026),
            repeat=REPEAT,
        )
    print("figure                                        rows   median      budget")
    print(f"export (plan appendix + self-assessment)   {len(tree):>7}  {export:8.1f} ms  ≤ 1000 ms")
    print(f"import: read + build criteria set, values  {len(tree):>7}  {read:8.1f} ms  ≤ 1000 ms")
    print(f"import into a new assessment file          {len(tree):>7}  {create:8.1f} ms  ≤ 1000 ms")
    return 0 if max(export, read, create) <= 1000 else 1


if __name__ == "__main__":
    sys.exit(main())
