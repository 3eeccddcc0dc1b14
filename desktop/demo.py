"""The bundled demo assessment: the Đắk Nông 2022 improvement plan (2021 results, 2022 targets)."""

from __future__ import annotations

import tomllib
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

from scoring import TOTAL_KEY, Entry, Scenario, to_decimal

from .assessment_file.store import AssessmentFile
from .templates import get_set

__all__ = ["DEMO_RESOURCE", "write_demo"]

DEMO_RESOURCE = "dak-nong-2022.toml"


def _demo_data() -> dict[str, Any]:
    text = resources.files("resources.demo").joinpath(DEMO_RESOURCE).read_text(encoding="utf-8")
    return tomllib.loads(text, parse_float=Decimal)


def write_demo(path: Path) -> Path:
    """Write a fresh copy of the demo assessment to ``path`` (refusing to overwrite)."""
    data = _demo_data()
    head = data["assessment"]
    criteria_set = get_set(head["template"])
    store = AssessmentFile.create(
        path, criteria_set, unit=head["unit"], year=int(head["year"]), province=head.get("province", "")
    )
    with store:
        settings = {k: str(v) for k, v in data.get("settings", {}).items()}
        settings.setdefault("unit", head["unit"])
        settings.setdefault("province", head.get("province", ""))
        store.write_settings(settings, user="demo")
        entries, texts = [], []
        for row in data.get("value", []):
            code = str(row["code"])
            key = TOTAL_KEY if code == TOTAL_KEY else criteria_set.tree.by_key[code].key
            for scenario in Scenario:
                if scenario.value in row:
                    entries.append((key, scenario, Entry(to_decimal(row[scenario.value]))))
            if row.get("tasks"):
                texts.append((key, "tasks", "", str(row["tasks"]).strip()))
        store.write_entries(entries, user="demo", field="import")
        store.write_texts(texts, user="demo")
    return Path(path)
