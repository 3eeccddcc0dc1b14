"""Many changes written as one transaction (an Excel import): what they were, to undo them whole."""

from __future__ import annotations

from dataclasses import dataclass

from scoring import Entry, Scenario

__all__ = ["Batch", "EntryChange", "LeadChange", "TextChange"]

EntryChange = tuple[str, Scenario, Entry, Entry]  # key, scenario, old, new
TextChange = tuple[str, str, str, str, str]  # key, field, scenario, old, new ("" = none)
LeadChange = tuple[str, str, str]  # key, old, new


@dataclass(frozen=True)
class Batch:
    """Entries, texts and lead units changed together; ``inverse`` puts every old value back."""

    entries: tuple[EntryChange, ...] = ()
    texts: tuple[TextChange, ...] = ()
    leads: tuple[LeadChange, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.entries or self.texts or self.leads)

    def inverse(self) -> Batch:
        return Batch(
            tuple((k, s, new, old) for k, s, old, new in self.entries),
            tuple((k, f, s, new, old) for k, f, s, old, new in self.texts),
            tuple((k, new, old) for k, old, new in self.leads),
        )
