"""Numbers copied from the seeds, so tests can reproduce the published totals from leaf values."""

from __future__ import annotations

# Quảng Ninh KH 258/KH-UBND, section II: leaf (or part) -> (result so far, target 2022).
# None where the plan leaves the cell empty.
QN_LEAVES: dict[str, tuple[str | None, str | None]] = {
    "1.1": ("0.5", "0.5"),
    "1.2#1": ("0.5", "0.5"),
    "1.2#2": ("0", "0.5"),
    "1.3": ("0.5", "0.5"),
    "1.4": ("0.5", "0.7"),
    "2.1": ("0.99", "0.99"),
    "2.2#1": ("0.25", "0.25"),
    "2.2#2": ("0.25", "0.25"),
    "2.3#1": ("0.25", "0.25"),
    "2.3#2": ("0.25", "0.25"),
    "2.3#3": ("0.5", "0.5"),
    "2.4#1": ("0", "0"),  # the plan prints 0 on 2.4 and leaves its lines empty
    "2.4#2": ("0", "0"),
    "3.1#1": ("0.25", "0.25"),
    "3.1#2": ("0", "0.25"),
    "3.2#1": ("0.5", "0.5"),
    "3.2#2": ("0.5", "0.5"),
    "3.2#3": ("1.0", "1.0"),
    "3.3": ("0.75", "1.0"),
    "3.4": ("0.5", "0.7"),
    "3.5": ("0", "1.0"),
    "3.6#1": ("0.25", "0.25"),
    "3.6#2": ("0.25", "0.25"),
    "3.6#3": ("0.3", "0.5"),
}

# the plan's stated values of inner nodes: code -> (max, result so far, target)
QN_STATED = {
    "I": ("13.50", "8.79", "11.39"),
    "1": ("3.50", "2.0", "2.7"),
    "2": ("4.00", "2.49", "2.49"),
    "3": ("7.00", "4.3", "6.2"),
}
