"""Mutated .xlsx tables through ``import-xlsx`` (new file and into a file) and the window's column
reading; random formulas through the evaluator and through a file's rule. No traceback, no hang,
a documented exit code, the table and the file left as they were."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import sqlite3
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from scoring import ExpressionError, Formula
from scoring.expression import OutOfRange, ZeroDenominator
from tests.fuzz.conftest import TALLY, hang_guard, scale
from tests.fuzz.conftest import seed as fuzz_seed
from tests.fuzz.mutants import make_base

_SETTINGS = {
    "deadline": None,
    "database": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
}


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("bang")
    base = make_base(folder)
    from desktop.cli.commands import main

    assert main(["export-xlsx", str(base), str(folder / "bang.xlsx")]) == 0
    return base, folder / "bang.xlsx"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


_XML_CHANGES = [
    (rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>'),
    (rb"</sheetData>", b'<row r="1048576"><c r="XFD1048576" s="1"/></row></sheetData>'),
    (rb"</sheetData>", b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'),
    (rb"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'),
    (rb"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="B9:B1048576"/></mergeCells>'),
    (rb'r="([A-Z]+)1([0-9])"', rb'r="\g<1>9\2"'),  # cells moved, rows out of order
    (rb"<v>[^<]*</v>", b"<v>1e999</v>"),
    (rb"<v>[^<]*</v>", b"<v>123456789012345678901234567890</v>"),
    (rb"<v>[^<]*</v>", b"<v>NaN</v>"),
    (rb"<t>[^<]*</t>", b"<t>" + "Tiêu chí rất dài ".encode() * 3000 + b"</t>"),
    (rb"<t>[^<]*</t>", b"<t>&#11;a&#1;b</t>"),
    (rb"<t>[^<]*</t>", b"<t>=1+1</t>"),
    (rb' t="inlineStr"', b' t="s"'),  # shared-string indices that do not exist
    (rb' t="inlineStr"', b' t="b"'),
    (rb' t="inlineStr"', b' t="e"'),
    (rb"<row ", b'<row hidden="1" '),
    (rb'<sheet name="[^"]*"', b'<sheet name="x" state="hidden"'),
]


def _mutated_table(source: Path, target: Path, data: st.DataObject) -> str:
    kind = data.draw(st.sampled_from(["xml", "xml", "xml", "flip", "truncate", "entry"]), label="kind")
    if kind in ("flip", "truncate"):
        raw = bytearray(source.read_bytes())
        if kind == "truncate":
            raw = raw[: data.draw(st.integers(0, len(raw) - 1), label="at")]
        else:
            for offset in data.draw(st.lists(st.integers(0, len(raw) - 1), min_size=1, max_size=12), label="at"):
                raw[offset] ^= data.draw(st.integers(1, 255))
        target.write_bytes(bytes(raw))
        return kind
    with zipfile.ZipFile(source) as archive:
        names = [i.filename for i in archive.infolist()]
        part = data.draw(st.sampled_from([n for n in names if n.endswith(".xml")]), label="part")
        changes = data.draw(st.lists(st.sampled_from(_XML_CHANGES), min_size=1, max_size=3), label="changes")
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
            for name in names:
                raw = archive.read(name)
                if name == part and kind == "xml":
                    for pattern, replacement in changes:
                        raw = re.sub(pattern, replacement, raw, count=data.draw(st.integers(0, 3)))
                if name == part and kind == "entry":
                    continue  # a part the workbook names is missing
                copy.writestr(name, raw)
    return f"{kind} {part}"


@seed(fuzz_seed())
@settings(max_examples=scale()["xlsx"], **_SETTINGS)
@given(data=st.data())
def test_mutated_tables_through_import(tables, tmp_path, cli, data):
    base, table = tables
    folder = tmp_path / "mau"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    hostile = folder / "bang.xlsx"
    what = _mutated_table(table, hostile, data)
    TALLY.counts["xlsx mutants"] += digest(hostile) != digest(table)
    working = folder / "tep.sqlite"
    shutil.copyfile(base, working)
    before = digest(hostile)
    commands = [
        ["import-xlsx", hostile, folder / "moi.sqlite", "--unit", "Sở X", "--year", "2022"],
        ["import-xlsx", hostile, working, "--dry-run"],
    ]
    if data.draw(st.booleans(), label="into the file"):
        commands.append(["import-xlsx", hostile, working])
    for args in commands:
        working_before = digest(working)
        code, err = cli(args)
        assert digest(hostile) == before, (what, args)
        if code != 0 or "--dry-run" in args:
            assert digest(working) == working_before, (what, args, code, err)
    left = sorted(p.name for p in folder.iterdir())
    assert set(left) <= {"bang.xlsx", "tep.sqlite", "moi.sqlite"}, (what, left)


@seed(fuzz_seed())
@settings(max_examples=max(5, scale()["xlsx"] // 10), **_SETTINGS)
@given(data=st.data())
def test_mutated_tables_through_the_window_columns(tables, tmp_path, data):
    """The import dialog's first step: the table's score columns and their proposed scenarios."""
    from desktop.excel.actions import ExcelActions
    from desktop.session import Session
    from scoring import Refusal

    base, table = tables
    hostile = tmp_path / "cua-so.xlsx"
    _mutated_table(table, hostile, data)
    TALLY.counts["xlsx window reads"] += 1
    working = tmp_path / "tep-cua-so.sqlite"
    shutil.copyfile(base, working)
    session = Session.open(working)
    try:
        with hang_guard():
            ExcelActions(session).columns(hostile)
    except Refusal:
        pass  # told in a dialog
    finally:
        session.close()
        working.unlink()


_NAMES = st.sampled_from(["a", "b", "c", "q", "p", "n", "x", "__import__", "min", "max", "abs"])
_ATOMS = st.one_of(
    _NAMES,
    st.integers(-(10**30), 10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["1e999", "0,5", "1,2,3", "0x10", "1_000", "'a'", "True", "None", "()", "[]", ""]),
)
FORMULAS = st.recursive(
    _ATOMS,
    lambda inner: st.one_of(
        st.tuples(
            inner, st.sampled_from(["+", "-", "*", "/", "**", "//", "%", ",", " if 1 else ", "<", "=="]), inner
        ).map("".join),
        inner.map(lambda e: f"({e})"),
        inner.map(lambda e: f"-{e}"),
        st.tuples(st.sampled_from(["min", "max", "abs", "__import__", "eval"]), inner).map(lambda t: f"{t[0]}({t[1]})"),
    ),
    max_leaves=30,
) | st.text(max_size=80)
_INPUTS = st.dictionaries(
    st.sampled_from(["a", "b", "c", "q", "p", "n"]),
    st.decimals(min_value=-(10**12) + 1, max_value=10**12 - 1, places=4, allow_nan=False),
    max_size=6,
)


@seed(fuzz_seed())
@settings(max_examples=scale()["formulas"], **_SETTINGS)
@given(text=FORMULAS, inputs=_INPUTS)
def test_random_formulas_parse_and_evaluate_or_are_refused(text, inputs):
    TALLY.counts["formulas"] += 1
    try:
        formula = Formula.parse(text)
    except ExpressionError:
        return
    try:
        value = formula.evaluate(inputs)
    except (KeyError, ZeroDenominator, OutOfRange):
        return
    assert isinstance(value, Decimal) and value.is_finite() and abs(value) <= Decimal(10) ** 18


@seed(fuzz_seed())
@settings(max_examples=max(10, scale()["formulas"] // 30), **_SETTINGS)
@given(text=FORMULAS)
def test_random_formulas_in_a_file_through_the_command_line(tables, tmp_path, cli, text):
    base, _table = tables
    path = tmp_path / "cong-thuc.sqlite"
    shutil.copyfile(base, path)
    conn = sqlite3.connect(path)
    rule = json.dumps({"kind": "formula", "expr": text})
    conn.execute("UPDATE nodes SET rule = ?, inputs = '{}' WHERE key = '2.1'", (rule,))
    conn.commit()
    conn.close()
    TALLY.counts["formula files"] += 1
    for args in (["score", path, "--json"], ["set", path, "2.1", "--input", "a=100", "--input", "b=99"]):
        cli(args)
