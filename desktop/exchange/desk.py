"""Sở Nội vụ's desk: the inbox over a folder of received files, taking one to appraise, assembling
and comparing them. What ``ui.ports.DeskService`` promises; plain data out, refusals as ``Refusal``.

Every call opens and closes the files it reads, so a scan may run in a worker thread.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from scoring import Scenario
from scoring.rounds import RECEIVED, ROUND_LABELS, Desk, Round

from .assemble import Assembly, plan_assembly
from .compare import BLOCK_LABELS, Comparison, compare
from .receive import take, working_name
from .verify import tied, verify_many

__all__ = ["BLOCK_LABELS", "DeskActions", "InboxRow"]

_WORKING = ".tham-dinh-lan-"  # working copies made beside the received files, not received themselves
# what the council's working copy says once it has been packed back to the unit
_STATES: dict[Round, str] = {Round.RESPONSE: "Đã gửi kết quả, chờ giải trình", Round.DONE: "Đã gửi kết quả cuối cùng"}


@dataclass(frozen=True)
class InboxRow:
    """One received file: its verdict and reasons, who sent it, its round and totals, our copy."""

    path: Path
    verdict: str
    reasons: tuple[str, ...]
    unit: str
    round: str
    packed_at: str
    actual: Decimal | None
    appraised: Decimal | None
    working: Path | None  # our working copy, when the file was taken for appraisal
    working_round: Round | None = None  # the round that copy is in now

    @property
    def usable(self) -> bool:
        return self.verdict != "từ chối"

    @property
    def state(self) -> str:
        if not self.usable:
            return "Không nhận"
        if self.working is None:
            return "Chưa mở"
        appraising = "Đang thẩm định"  # the working copy's name: ``working``
        return _STATES.get(self.working_round, appraising) if self.working_round else appraising


def _round_of(working: Path | None) -> Round | None:
    """The round our working copy is in (None: no copy, or one that cannot be read now)."""
    if working is None:
        return None
    from ..assessment_file.rounds import current_round
    from ..assessment_file.store import AssessmentFile
    from ..errors import FileRefused

    try:
        with AssessmentFile.open_readonly(working) as store:
            return current_round(store.conn)
    except FileRefused:
        return None


class DeskActions:
    """The inbox, assembly and comparison; ``settings`` gives the ranking PDF its header and signer."""

    def __init__(
        self,
        settings: Callable[[], Mapping[str, str]] | None = None,
        user: str = "",
        *,
        own: Callable[[], Path | None] | None = None,
    ) -> None:
        # read when a PDF is made: the settings of Sở Nội vụ's own file (``own``) as they are then
        self.settings = settings or dict
        self.own = own or (lambda: None)
        self.user = user

    @staticmethod
    def received_files(folder: Path) -> list[Path]:
        """The ``.sqlite`` files of a folder, without our own working copies."""
        return sorted(p for p in Path(folder).glob("*.sqlite") if _WORKING not in p.name and p.is_file())

    def scan(self, folder: Path, *, year: int | None = None, template: str | None = None) -> list[InboxRow]:
        rows = []
        for item in verify_many(self.received_files(folder), year=year, template=template):
            working = None
            if item.usable and item.round in RECEIVED:
                copy = item.path.with_name(working_name(item.path, RECEIVED[item.round][1]))
                working = copy if copy.exists() else None
            rows.append(
                InboxRow(
                    item.path,
                    item.verdict.value,
                    tuple(item.reasons),
                    item.unit,
                    ROUND_LABELS[item.round] if item.round else "",
                    item.packed_at,
                    item.total(Scenario.ACTUAL),
                    item.total(Scenario.APPRAISED),
                    working,
                    _round_of(working),
                )
            )
        return rows

    def take(self, path: Path) -> Path:
        """The working copy to appraise ``path`` in: made now (verified, round moved on) or reused."""
        return take(Path(path), user=self.user, side=Desk.COUNCIL)

    def plan_assembly(
        self, paths: Sequence[Path], choices: Mapping[str, str] | None = None, *, newer_wins: bool = False
    ) -> Assembly:
        return plan_assembly(paths, choices=choices, newer_wins=newer_wins)

    def write_assembly(self, assembly: Assembly, out: Path, *, unit: str = "") -> Path:
        from .assemble_write import write_assembly

        try:
            return write_assembly(assembly, out, unit=unit, user=self.user)
        finally:
            assembly.close()

    def compare(self, paths: Sequence[Path], scenario: str | None = None) -> Comparison:
        return compare(paths, scenario=Scenario(scenario) if scenario else None)

    def export_excel(self, comparison: Comparison, out: Path) -> Path:
        from .compare_xlsx import export_comparison

        return export_comparison(comparison, out)

    def export_pdf(self, comparison: Comparison, out: Path) -> tuple[Path, list[str]]:
        from ..documents.build import missing_settings
        from ..documents.header import HEADER_KEYS
        from ..documents.ranking import RANKING_KIND, build_ranking_pdf
        from ..errors import DocumentRefused

        own = self.own()
        if own is None:
            raise DocumentRefused(
                "Chưa in được bảng xếp hạng: đầu trang và người ký lấy từ tệp đánh giá của chính Sở Nội vụ, "
                "chưa được mở lần nào (bản thẩm định hay tệp đóng gói của đơn vị khác không dùng được). "
                "Hãy mở tệp đó ở cửa sổ chính (Tệp → Mở hoặc tạo tệp khác…) rồi in lại."
            )
        settings = self.settings()
        missing = missing_settings(settings, RANKING_KIND)
        if missing:  # said as the window says it: the settings by their labels, where to fill them
            names = "; ".join(HEADER_KEYS[key][0] for key in missing)
            raise DocumentRefused(
                f"Chưa in được bảng xếp hạng: tệp “{own.name}” của Sở Nội vụ còn thiếu thiết lập văn bản — "
                f"{names}. Hãy mở tệp đó, điền trong Tệp → Thiết lập văn bản… rồi in lại."
            )
        result = build_ranking_pdf(comparison, settings, out)
        return result.path, list(result.warnings)

    @staticmethod
    def block_label(block: str) -> str:
        return BLOCK_LABELS[block]

    @staticmethod
    def describe(assembly: Any) -> list[str]:
        """What an assembly plan found, one line each, for the dialog before it is written."""
        lines = [f"Từ chối: {r.path.name} — {' '.join(r.reasons)}" for r in assembly.refused]
        for group in assembly.duplicates:
            copies = " — đóng gói cùng một lúc (bản sao của cùng một tệp?): hãy bỏ bớt một tệp" if tied(group) else ""
            lines.append(f"Hai tệp của {group[0].unit}: " + ", ".join(r.path.name for r in group) + copies)
        lines += [
            f"Không dùng {s.name}: “{s.unit}” không chủ trì tiêu chí nào trong bộ tiêu chí." for s in assembly.unused
        ]
        if assembly.uncovered:
            lines.append(f"{len(assembly.uncovered)} tiêu chí chưa có tệp của đơn vị chủ trì.")
        if assembly.unscored:
            lines.append(f"{len(assembly.unscored)} tiêu chí đơn vị chủ trì để trống.")
        return lines
