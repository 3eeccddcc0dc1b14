"""What the widgets need from the services, as protocols: ``desktop`` provides them, ui never imports it.

Every editing call raises ``ValueError`` with a Vietnamese message when the input is refused;
nothing is written in that case.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from scoring import Assessment, CriteriaSet, Entry, Scenario

__all__ = ["DocumentService", "EditRecord", "EditService", "PageImageLike"]


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

    def set_value(self, code: str, scenario: Scenario, text: str | Decimal | None) -> EditRecord: ...

    def set_inputs(self, code: str, scenario: Scenario, values: Mapping[str, str | Decimal | None]) -> EditRecord: ...

    def restore(self, key: str, scenario: Scenario, entry: Entry, field: str = "undo") -> EditRecord: ...

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

    def attach_file(self, source: Path, progress: Callable[[int, int], None] | None = None) -> Any: ...

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
