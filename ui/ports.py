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

__all__ = ["EditRecord", "EditService"]


class EditRecord(Protocol):
    """One applied edit: undo applies ``old``; ``changed`` lists the keys to repaint."""

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


class EditService(Protocol):
    """An open assessment file (``desktop.session.Session`` implements it)."""

    assessment: Assessment
    criteria_set: CriteriaSet
    meta: dict[str, str]

    def set_value(self, code: str, scenario: Scenario, text: str | Decimal | None) -> EditRecord: ...

    def set_inputs(self, code: str, scenario: Scenario, values: Mapping[str, str | Decimal | None]) -> EditRecord: ...

    def restore(self, key: str, scenario: Scenario, entry: Entry) -> EditRecord: ...

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
