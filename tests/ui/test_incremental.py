"""An edit updates the findings list by rows and the summary from kept counts: nothing is rebuilt."""

from __future__ import annotations

import random

from scoring import Scenario
from scoring.progress import ProgressKeeper, progress
from ui.tree_model import Column

A = Scenario.ACTUAL


def test_an_edit_replaces_only_its_keys_rows_in_the_findings_list(qtbot, window):
    model = window.findings.findings
    resets, inserted, removed = [], [], []
    model.modelReset.connect(lambda: resets.append(1))
    model.rowsInserted.connect(lambda _p, first, last: inserted.append(last - first + 1))
    model.rowsRemoved.connect(lambda _p, first, last: removed.append(last - first + 1))
    before = window.findings.count()
    window.model.setData(window.model.index_for_key("1.1", Column.ACTUAL), "1,25")  # no evidence: a warning
    assert not resets and sum(inserted) - sum(removed) == 1 and sum(inserted) <= 3
    assert window.findings.count() == before + 1
    messages = [window.findings.message(r) for r in range(window.findings.count())]
    assert messages == [f.message for f in _ordered(window.service.assessment.findings())]
    window.undo_stack.undo()
    assert window.findings.count() == before and not resets


def _ordered(findings):
    order = {"error": 0, "warning": 1, "info": 2}
    return sorted(findings, key=lambda f: order[str(f.severity)])  # stable: tree order kept


def test_kept_progress_equals_a_full_count_after_any_edits(session):
    keeper = ProgressKeeper(session.assessment)
    leaves = list(session.assessment.regular_leaves)
    rng = random.Random(7)
    for _ in range(60):
        key, scenario = rng.choice(leaves), rng.choice([A, Scenario.TARGET])
        node = session.tree.by_key[key]
        value = "" if rng.random() < 0.3 else str(node.max).replace(".", ",")
        edit = session.set_value(key, scenario, value)
        keeper.update(scenario, edit.changed)
        assert keeper.progress(scenario) == progress(session.assessment, scenario)
    session.set_not_applicable(leaves[0], True)  # the counted leaves change: counted again
    assert keeper.progress(A) == progress(session.assessment, A)


def test_the_dashboard_is_redrawn_only_when_shown(qtbot, window):
    window.tabs.setCurrentIndex(1)
    board = window.dashboard
    window.tabs.setCurrentIndex(0)
    drawn = []
    real = board.refresh
    board.refresh = lambda: (drawn.append(1), real())
    window.model.setData(window.model.index_for_key("1.1", Column.ACTUAL), "1")
    assert drawn == [] and board.stale
    window.tabs.setCurrentIndex(1)
    assert drawn == [1] and not board.stale
