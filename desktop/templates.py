"""Built-in criteria sets, found with ``importlib.resources`` (works from a PyInstaller folder)."""

from __future__ import annotations

from functools import cache
from importlib import resources

from scoring import CriteriaSet, CriteriaSetError, load_criteria_set

from .errors import InputRefused

__all__ = ["builtin_sets", "get_set"]


@cache
def builtin_sets() -> dict[str, CriteriaSet]:
    """Every ``resources/templates/*.toml``, by id, validated on load."""
    found: dict[str, CriteriaSet] = {}
    for item in sorted(resources.files("resources.templates").iterdir(), key=lambda i: i.name):
        if not item.name.endswith(".toml"):
            continue
        criteria_set = load_criteria_set(item.read_text(encoding="utf-8"), origin=item.name)
        if criteria_set.id in found:
            raise CriteriaSetError(f"Hai bộ tiêu chí cùng mã “{criteria_set.id}” ({item.name}).")
        found[criteria_set.id] = criteria_set
    return found


def get_set(set_id: str) -> CriteriaSet:
    sets = builtin_sets()
    if set_id not in sets:
        known = ", ".join(sorted(sets))
        raise InputRefused(f"Không có bộ tiêu chí “{set_id}”. Các bộ có sẵn: {known}.")
    return sets[set_id]
