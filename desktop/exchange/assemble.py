"""Assemble the province's one assessment from the units' files, each criterion from its lead unit.

For every node the unit(s) answering for it are found with the one lead matcher
(``scoring.units``: ``lead_of`` then ``leads``, read from each unit's own file); their values,
inputs, texts and not-applicable mark are taken, and their evidence. Two lead units that fill a
node differently are a ``Conflict``, never settled silently: the caller chooses (``choices``, code →
unit). Files that do not verify, of another set or year, two files of one unit (unless
``newer_wins``) and files whose unit leads nothing (their data would go unused) are reported;
``Assembly.blocked`` says whether anything stops the writing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scoring import SCENARIO_LABELS, CriteriaSet, Node, Scenario, format_number, lead_of, leads, same_unit

from .verify import Received, by_unit, tied, verify_many

__all__ = ["Assembly", "Conflict", "Contribution", "Source", "plan_assembly"]

Payload = tuple[tuple[Any, ...], ...]
EMPTY: Payload = ((), (), (False,))  # nothing entered, no text, not marked không áp dụng
TEXT_LABELS = {  # a text's field as a conflict's side names it
    "explanation": "giải trình",
    "tasks": "nhiệm vụ, giải pháp",
    "deadline": "thời gian hoàn thành",
    "note": "ghi chú",
    "reason": "lý do trừ điểm",
    "response": "giải trình của đơn vị",
    "risk": "năm trước bị trừ điểm",
}


@dataclass
class Source:
    """One unit's verified file, read once: entries, texts and evidence links by node key."""

    received: Received
    entries: dict[str, dict[Scenario, tuple[str | None, tuple[tuple[str, str], ...]]]] = field(default_factory=dict)
    texts: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    links: dict[str, list[int]] = field(default_factory=dict)
    not_applicable: set[str] = field(default_factory=set)

    @property
    def unit(self) -> str:
        return self.received.unit

    @property
    def province(self) -> str:
        return self.received.meta.get("province", "")

    @property
    def name(self) -> str:
        return self.received.path.name

    @classmethod
    def read(cls, received: Received) -> Source:
        assert received.store is not None and received.stored is not None
        source = cls(received, not_applicable=set(received.stored.not_applicable))
        for scenario, items in received.stored.entries.items():
            for key, entry in items.items():
                inputs = tuple(sorted((k, str(v)) for k, v in entry.inputs.items()))
                value = None if entry.value is None else str(entry.value)
                source.entries.setdefault(key, {})[scenario] = (value, inputs)
        conn = received.store.conn
        for key, name, scenario, text in conn.execute("SELECT node_key, field, scenario, text FROM texts"):
            source.texts.setdefault(key, []).append((name, scenario, text))
        for key, doc in conn.execute("SELECT node_key, document_id FROM evidence ORDER BY document_id"):
            source.links.setdefault(key, []).append(int(doc))
        return source

    def payload(self, key: str) -> Payload:
        """What a unit filled in for a node: compared between co-lead units."""
        entries = tuple(sorted((s.value, v) for s, v in self.entries.get(key, {}).items()))
        texts = tuple(sorted(self.texts.get(key, [])))
        return (entries, texts, (key in self.not_applicable,))

    def summary(self, key: str) -> str:
        """ "tự đánh giá 0,50; mục tiêu 0,70; nhiệm vụ, giải pháp: …" — a conflict's side, as the officer
        reads it (every field named in Vietnamese)."""
        parts = []
        for scenario, (value, inputs) in sorted(self.entries.get(key, {}).items()):
            shown = format_number(_dec(value)) if value is not None else ""
            given = ", ".join(f"{k} = {format_number(_dec(v), places=4, trim=True)}" for k, v in inputs)
            parts.append(f"{SCENARIO_LABELS[scenario].lower()} {shown}{f' ({given})' if given else ''}".strip())
        parts += [
            f"{TEXT_LABELS.get(name, 'nội dung')}: {text}" for name, _scenario, text in sorted(self.texts.get(key, []))
        ]
        if key in self.not_applicable:
            parts.append("không áp dụng")
        return "; ".join(parts) or "(để trống)"


def _dec(text: str) -> Any:
    from decimal import Decimal

    return Decimal(text)


@dataclass(frozen=True)
class Conflict:
    """A node two lead units filled differently; ``sides``: (unit, file name, what it holds)."""

    key: str
    label: str
    title: str
    sides: tuple[tuple[str, str, str], ...]


@dataclass
class Contribution:
    """Where one node's data comes from: the sources taken, and how (``lead``, ``same``, ``chosen``)."""

    sources: list[Source]
    how: str


@dataclass
class Assembly:
    """The plan of an assembly; nothing is written until ``write_assembly`` (and only if not blocked)."""

    received: list[Received]
    sources: list[Source] = field(default_factory=list)
    criteria_set: CriteriaSet | None = None
    taken: dict[str, Contribution] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    uncovered: list[tuple[Node, str]] = field(default_factory=list)  # no file from its lead unit
    unscored: list[tuple[Node, str]] = field(default_factory=list)  # the lead's file left it empty
    duplicates: list[list[Received]] = field(default_factory=list)
    superseded: list[Received] = field(default_factory=list)  # older files of a unit (newer wins)
    bad_choices: list[str] = field(default_factory=list)
    unused: list[Source] = field(default_factory=list)  # files whose unit leads nothing: their data unused

    @property
    def refused(self) -> list[Received]:
        return [r for r in self.received if not r.usable]

    @property
    def blocked(self) -> bool:
        return bool(self.conflicts or self.duplicates or self.bad_choices or not self.sources)

    def close(self) -> None:
        for received in self.received:
            received.close()


def plan_assembly(
    paths: Iterable[Path],
    *,
    newer_wins: bool = False,
    choices: Mapping[str, str] | None = None,
    template: str | None = None,
    year: int | None = None,
) -> Assembly:
    """Verify and read the files, then decide every node (close the result when done). A file named
    twice is read once (it is not two files of its unit)."""
    received = verify_many(_once(paths), template=template, year=year, keep=True)
    assembly = Assembly(received)
    for group in by_unit(received):
        if len(group) > 1 and (tied(group) or not newer_wins):  # a tie has no newer file to win
            assembly.duplicates.append(group)
            continue
        assembly.superseded += group[1:]
        assembly.sources.append(Source.read(group[0]))
    if assembly.sources:
        assembly.criteria_set = assembly.sources[0].received.stored.criteria_set  # type: ignore[union-attr]
        _decide(assembly, {k.strip(): v for k, v in (choices or {}).items()})
    return assembly


def _once(paths: Iterable[Path]) -> list[Path]:
    seen: set[Path] = set()
    unique = []
    for path in map(Path, paths):
        place = path.resolve()
        if place not in seen:
            seen.add(place)
            unique.append(path)
    return unique


def _decide(assembly: Assembly, choices: dict[str, str]) -> None:
    assert assembly.criteria_set is not None
    tree = assembly.criteria_set.tree
    memo: dict[tuple[str, str, str], bool] = {}
    used: set[str] = set()
    leading: set[int] = set()
    for node in tree:
        answering = [s for s in assembly.sources if _answers(s, node.key, memo)]
        leading.update(id(s) for s in answering)
        held = {id(s): s.payload(node.key) for s in answering}
        filled = [s for s in answering if held[id(s)] != EMPTY]
        cell = lead_of(node)
        if not answering:
            if node.is_leaf:
                assembly.uncovered.append((node, cell))
            continue
        if not filled:
            if node.is_leaf:
                assembly.unscored.append((node, cell))
            continue
        payloads = {held[id(s)] for s in filled}
        if len(payloads) == 1:
            assembly.taken[node.key] = Contribution(filled, "lead" if len(filled) == 1 else "same")
            continue
        chosen = _chosen(node, filled, choices, used, assembly)
        if chosen is None:
            sides = tuple((s.unit, s.name, s.summary(node.key)) for s in filled)
            assembly.conflicts.append(Conflict(node.key, node.label, node.title, sides))
        else:
            assembly.taken[node.key] = Contribution([chosen], "chosen")
    assembly.unused = [s for s in assembly.sources if id(s) not in leading]
    unknown = sorted(set(choices) - used)
    assembly.bad_choices += [f"--choose {code}: không có xung đột nào ở mã này." for code in unknown]


def _answers(source: Source, key: str, memo: dict[tuple[str, str, str], bool]) -> bool:
    """Whether the unit of ``source`` answers for ``key``, by the lead cell in its own file."""
    stored = source.received.stored
    assert stored is not None
    node = stored.criteria_set.tree.by_key.get(key)
    if node is None:
        return False
    cell = lead_of(node)
    mark = (cell, source.unit, source.province)
    found = memo.get(mark)
    if found is None:
        found = memo[mark] = leads(cell, source.unit, province=source.province)
    return found


def _chosen(
    node: Node, filled: list[Source], choices: dict[str, str], used: set[str], assembly: Assembly
) -> Source | None:
    for code in (node.key, node.label, node.code):
        if code in choices:
            used.add(code)
            match = [s for s in filled if same_unit(choices[code], s.unit, province=s.province)]
            if match:
                return match[0]
            names = "; ".join(s.unit for s in filled)
            assembly.bad_choices.append(f"--choose {code}: “{choices[code]}” không phải một bên ({names}).")
            return None
    return None
