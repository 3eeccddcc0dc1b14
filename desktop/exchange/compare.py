"""Compare units' files of one criteria set and year: scores side by side, ranked block by block.

The sở, ban, ngành and the xã, phường, đặc khu are ranked apart, as provinces publish them; a
unit's block is its ``unit_level`` setting, else what its name says (``scoring.unit_block``).
Ranks follow the % index as published (rounded half-up to 2 decimals): equal indices share a
rank (1, 2, 2, 4). The comparison's fingerprint is a SHA-256 over each compared file's own
data fingerprint, so a printed ranking names exactly the files it was made from.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from scoring import Assessment, CriteriaTree, Node, Scenario, round_display, unit_block
from scoring.progress import progress

from .verify import Received, by_unit, tied, verify_many

__all__ = ["BLOCK_LABELS", "Comparison", "UnitColumn", "compare"]

BLOCK_LABELS = {"so": "sở, ban, ngành", "xa": "xã, phường, đặc khu"}


@dataclass
class UnitColumn:
    """One unit in the comparison: its scores in the compared scenario, totals, rank in its block."""

    received: Received
    block: str
    assessment: Assessment  # the compared scenario's entries only: one scenario worked out, not four
    scenario: Scenario
    rank: int | None = None

    def __post_init__(self) -> None:
        totals = self.assessment.totals(self.scenario)
        self.final, self.maximum, self.percent = totals.final, totals.max, totals.percent
        # a group is claimed only on a whole result: unscored criteria (the unit's, the survey's
        # or the council's) make the total "tạm tính", as the window and the report say it
        self.provisional = not progress(self.assessment, self.scenario).complete
        self.group = None if self.provisional else totals.group

    @property
    def unit(self) -> str:
        return self.received.unit

    def score(self, key: str, scenario: Scenario) -> Decimal | None:
        return self.assessment.score(key, scenario)


@dataclass
class Comparison:
    """Units by block (each ranked), the tree they share, best and worst per node and block."""

    scenario: Scenario
    tree: CriteriaTree | None
    year: str
    blocks: dict[str, list[UnitColumn]] = field(default_factory=dict)
    refused: list[Received] = field(default_factory=list)
    superseded: list[Received] = field(default_factory=list)  # older files of a unit: its newest is compared
    fingerprint: str = ""

    def extremes(self, block: str, node: Node) -> tuple[set[str], set[str]]:
        """Units with the highest and the lowest score of ``node`` in ``block`` (none when all agree)."""
        scored = [(c.score(node.key, self.scenario), c.unit) for c in self.blocks.get(block, [])]
        values = [v for v, _unit in scored if v is not None]
        if len(values) < 2 or max(values) == min(values):
            return set(), set()
        top, bottom = max(values), min(values)
        return {u for v, u in scored if v == top}, {u for v, u in scored if v == bottom}

    @property
    def provisional(self) -> list[str]:
        """Units whose total is provisional (criteria still unscored): ranked, but with no group."""
        return [c.unit for c in self.columns if c.provisional]

    PROVISIONAL_NOTE = "Chưa xếp nhóm (điểm tạm tính, còn tiêu chí chưa có điểm): "

    @property
    def columns(self) -> list[UnitColumn]:
        return [column for block in self.blocks.values() for column in block]


def _block(received: Received) -> str:
    assert received.store is not None
    level = received.store.settings().get("unit_level", "").strip()
    return level if level in BLOCK_LABELS else unit_block(received.unit)


def _scored(received: Received, scenario: Scenario) -> Assessment:
    stored = received.stored
    assert stored is not None
    entries = {scenario: stored.entries[scenario]}
    return Assessment(stored.criteria_set.tree, entries, stored.not_applicable)


def _columns(received: list[Received], wanted: Scenario | None) -> tuple[Scenario, list[UnitColumn]]:
    """The appraised result when every file has one, else the self-assessment (unless told)."""
    if wanted is None and received and all(r.stored and r.stored.entries[Scenario.APPRAISED] for r in received):
        columns = [UnitColumn(r, _block(r), _scored(r, Scenario.APPRAISED), Scenario.APPRAISED) for r in received]
        if all(c.final is not None for c in columns):
            return Scenario.APPRAISED, columns
    chosen = wanted or Scenario.ACTUAL
    return chosen, [UnitColumn(r, _block(r), _scored(r, chosen), chosen) for r in received]


def compare(
    paths: Iterable[Path],
    *,
    scenario: Scenario | None = None,
    template: str | None = None,
    year: int | None = None,
) -> Comparison:
    """Verify and read the files, then rank them (the received files are only read; all closed)."""
    results = verify_many(paths, template=template, year=year, keep=True)
    try:
        older = _one_per_unit(results)
        usable = [r for r in results if r.usable and all(r is not o for o in older)]
        chosen, columns = _columns(usable, scenario)
        tree = usable[0].stored.criteria_set.tree if usable and usable[0].stored else None
        comparison = Comparison(chosen, tree, usable[0].meta.get("year", "") if usable else "")
        comparison.refused = [r for r in results if not r.usable]
        comparison.superseded = older
        for column in columns:
            comparison.blocks.setdefault(column.block, []).append(column)
        comparison.blocks = {b: _ranked(comparison.blocks[b]) for b in BLOCK_LABELS if b in comparison.blocks}
        comparison.fingerprint = _fingerprint(usable, chosen)
    finally:
        for received in results:
            received.close()
    return comparison


def _one_per_unit(results: list[Received]) -> list[Received]:
    """A unit is compared once: by its file packed last. The older ones are set aside (returned,
    each with its reason), not refused: a unit that sent a corrected file sent nothing wrong. Two
    packed at the same moment are copies with no newer one to take: both refused, drop one."""
    older: list[Received] = []
    for group in by_unit(results):
        if tied(group):
            for copy in group:
                copy.refuse(
                    f"Hai tệp của {copy.unit} đóng gói cùng lúc ({group[0].path.name}, {group[1].path.name}): "
                    "bản sao của một tệp; hãy bỏ một tệp rồi so sánh lại."
                )
                copy.close()
            continue
        for item in group[1:]:
            item.reasons.append(f"Tệp cũ hơn của {item.unit}: so sánh theo tệp đóng gói sau ({group[0].path.name}).")
            item.close()
            older.append(item)
    return older


def _ranked(columns: list[UnitColumn]) -> list[UnitColumn]:
    """Best % index first; equal (as shown) share a rank; units without a result come last, unranked."""

    def shown(column: UnitColumn) -> Decimal | None:
        return None if column.percent is None else round_display(column.percent)

    ordered = sorted(columns, key=lambda c: (shown(c) is None, -(shown(c) or 0), c.unit))
    previous: Decimal | None = None
    for position, column in enumerate(ordered, start=1):
        value = shown(column)
        if value is None:
            continue
        column.rank = position if value != previous else ordered[position - 2].rank
        previous = value
    return ordered


def _fingerprint(received: list[Received], scenario: Scenario) -> str:
    items = sorted((r.unit, r.manifest.get("fingerprint", "")) for r in received)
    text = json.dumps([scenario.value, items], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()
