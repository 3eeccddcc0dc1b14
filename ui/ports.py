"""What the widgets need from the services, as protocols: ``desktop`` provides them, ui never imports it.

Every editing call raises ``ValueError`` with a Vietnamese message when the input is refused;
nothing is written in that case.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from scoring import Assessment, CriteriaSet, Entry, Scenario

__all__ = ["DeskService", "DocumentService", "EditRecord", "EditService", "ExchangeService", "PageImageLike"]


class EditRecord(Protocol):
    """One applied edit: undo applies ``old``; ``changed`` lists the keys to repaint, ``findings``
    the keys whose findings changed, ``totals`` the scenarios whose totals did."""

    @property
    def key(self) -> str: ...

    @property
    def scenario(self) -> Scenario: ...

    @property
    def old(self) -> Entry: ...

    @property
    def new(self) -> Entry: ...

    @property
    def changed(self) -> tuple[str, ...]: ...

    @property
    def findings(self) -> tuple[str, ...]: ...

    @property
    def totals(self) -> tuple[Scenario, ...]: ...


class EditService(Protocol):
    """An open assessment file (``desktop.session.Session`` implements it)."""

    assessment: Assessment
    criteria_set: CriteriaSet
    meta: dict[str, str]

    @property
    def read_only(self) -> str:
        """Why the file cannot be edited here (Vietnamese), or "" when it can."""
        ...

    def set_value(self, code: str, scenario: Scenario, text: str | Decimal | None) -> EditRecord: ...

    def set_inputs(self, code: str, scenario: Scenario, values: Mapping[str, str | Decimal | None]) -> EditRecord: ...

    def restore(self, key: str, scenario: Scenario, entry: Entry, field: str = "undo") -> EditRecord: ...

    def apply_batch(self, batch: Any, field: str) -> None: ...  # an import's changes, or their inverse

    def set_text(self, code: str, field: str, text: str, scenario: str = "") -> list[str]: ...

    def texts(self, field: str) -> dict[tuple[str, str], str]: ...

    def set_lead(self, code: str, lead: str) -> None: ...

    def evidence_counts(self) -> dict[str, int]: ...

    def settings(self) -> dict[str, str]: ...

    def save_settings(self, values: Mapping[str, str]) -> None: ...

    # evidence, comments and history (issue "every score can be defended")
    evidence: Any  # documents(), for_node(key), check(values), add(values, blob_sha256=, link_to=), update(),
    #                remove(id), link(key, id), unlink(key, id), comments(key), add_comment(key, text),
    #                remove_comment(id), attachments_size()

    def refresh_support(self) -> list[str]: ...

    def attach_file(
        self, source: Path, progress: Callable[[int, int], None] | None = None, *, for_key: str | None = None
    ) -> Any: ...

    def attachment_copy(self, sha256: str) -> Path: ...

    def audit(self, node_key: str | None = None) -> list[dict[str, Any]]: ...


class PageImageLike(Protocol):
    """A rendered page: 32-bit pixels laid out as Qt's Format_RGB32."""

    width: int
    height: int
    stride: int
    pixels: bytes


class DocumentService(Protocol):
    """What "In / Xuất PDF" needs; ``save`` and ``preview`` raise ValueError with the reason."""

    def kinds(self) -> list[tuple[str, str]]: ...

    def leads(self) -> list[str]: ...

    def missing(self, kind: str) -> str: ...

    def texts(self) -> list[tuple[str, str, str]]: ...

    def save_text(self, field: str, text: str) -> None: ...

    def suggested_name(self, kind: str) -> str: ...

    def save(self, kind: str, path: Path, lead: str | None = None) -> tuple[int, list[str]]: ...

    def preview(self, kind: str, lead: str | None = None, *, scale: float = 0.75) -> tuple[list[Any], list[str]]: ...


class ExchangeService(Protocol):
    """The exchange with Sở Nội vụ of one open file (``desktop.exchange.actions.ExchangeActions``).

    ``rows`` gives ``AppraisalRow``-like records (key, label, title, depth, leaf, max, actual,
    appraised, first, reason, response, risk, deducted); ``plan`` a ``PackPlan``-like record
    (current, next, refusals, warnings, attachments_bytes, suggested_name, heavy). Refusals
    are ``scoring.Refusal`` with the Vietnamese reason; nothing is written then.
    """

    def round_text(self) -> str: ...

    def is_council(self) -> bool: ...

    def may(self, edit: str) -> bool: ...

    def why_not(self, edit: str) -> str: ...

    def rows(self) -> list[Any]: ...

    def set_reason(self, key: str, text: str) -> None: ...

    def set_response(self, key: str, text: str) -> None: ...

    def plan(self, leave_out_mb: float | None = None) -> Any: ...

    def pack(self, path: Path, leave_out_mb: float | None = None) -> tuple[Path, list[str]]: ...

    def receive(self, path: Path) -> Path: ...


class DeskService(Protocol):
    """Sở Nội vụ's desk (``desktop.exchange.desk.DeskActions``): inbox, assembly, comparison.

    ``scan`` gives ``InboxRow``-like records (path, verdict, reasons, unit, round, packed_at,
    actual, appraised, working, usable, state); ``plan_assembly`` an assembly plan (conflicts with
    their sides, duplicates, refused, blocked; ``close()`` it); ``compare`` a comparison (blocks of
    ranked unit columns, tree, scenario, year, fingerprint, ``extremes(block, node)``).
    """

    def received_files(self, folder: Path) -> list[Path]: ...

    def scan(self, folder: Path, *, year: int | None = None, template: str | None = None) -> list[Any]: ...

    def take(self, path: Path) -> Path: ...

    def plan_assembly(
        self, paths: Sequence[Path], choices: Mapping[str, str] | None = None, *, newer_wins: bool = False
    ) -> Any: ...

    def write_assembly(self, assembly: Any, out: Path, *, unit: str = "") -> Path: ...

    def compare(self, paths: Sequence[Path], scenario: str | None = None) -> Any: ...

    def export_excel(self, comparison: Any, out: Path) -> Path: ...

    def export_pdf(self, comparison: Any, out: Path) -> tuple[Path, list[str]]: ...

    def block_label(self, block: str) -> str: ...

    def describe(self, assembly: Any) -> list[str]: ...
