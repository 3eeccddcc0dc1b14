"""The app's Excel actions over one open session: read a table's columns, preview, import, export."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from scoring import Scenario

from ..session import Batch, Session

__all__ = ["ExcelActions"]


class ExcelActions:
    """What the window's "Nhập từ Excel" and "Xuất Excel" need; openpyxl loads on first use."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def _year(self) -> int | None:
        text = self.session.meta.get("year", "")
        return int(text) if text.isdigit() else None

    def columns(self, path: Path) -> tuple[list[tuple[str, str]], dict[str, Scenario | None]]:
        """The table's score columns as (id, label) and the proposed scenario of each."""
        from .table import read_table

        table = read_table(path, year=self._year())
        labels = [(c.id, f"{c.label}, trang “{c.sheet}”") for c in table.value_columns]
        return labels, dict(table.mapping)

    def preview(self, path: Path, mapping: Mapping[str, Scenario | None]) -> list[str]:
        """What importing would do, without writing anything."""
        from .importing import import_values

        return import_values(self.session, path, mapping=dict(mapping), dry_run=True).lines()

    def apply(self, path: Path, mapping: Mapping[str, Scenario | None]) -> tuple[list[str], Batch | None]:
        """Import the values in one transaction; returns the report's lines and what changed
        (the window's one undo step for the whole import)."""
        from .importing import import_values

        report = import_values(self.session, path, mapping=dict(mapping))
        return report.lines(), report.batch

    def export(self, path: Path) -> Path:
        from .exporting import export_workbook

        return export_workbook(self.session, path)
