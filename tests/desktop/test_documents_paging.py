"""Long tables read back page by page: headings never end a page, continued rows say what they continue."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from desktop.assessment_file.store import AssessmentFile
from desktop.demo import write_demo
from desktop.documents import Kind, build_pdf
from desktop.documents.paging import PagedTable, Row, TableLook
from desktop.session import Session
from scoring import Group, Mode, Scenario

from .pdf_reading import MM, read, runs

LEFT = 30 * MM
STT_RIGHT = LEFT + 14 * MM  # the STT column is 14 mm wide


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    path = write_demo(tmp_path_factory.mktemp("paging") / "demo.sqlite")
    session = Session.open(path)
    session.save_settings({"report_number": "5", "report_symbol": "BC-UBND", "report_date": "15/11/2022"})
    assessment = session.assessment
    for leaf in assessment.tree.leaves():
        if leaf.mode is Mode.SELF and leaf.group is Group.REGULAR and not assessment.is_excluded(leaf):
            previous = assessment.score(leaf.key, Scenario.PREVIOUS)
            session.set_value(leaf.key, Scenario.ACTUAL, previous if previous is not None else "0")
    session.close()
    return path


def _pdf(demo: Path, tmp: Path, kind: Kind, lead: str | None = None) -> tuple[Path, set[str], dict[str, str]]:
    session = Session(AssessmentFile.open_readonly(demo))
    try:
        path = build_pdf(session, kind, tmp / f"{kind.value}.pdf", lead_unit=lead).path
        tree = session.tree
        headings = {n.code for n in tree if n.children and not n.is_part}
        parents = {n.code: (n.parent.code if n.parent else "") for n in tree if not n.is_part}
    finally:
        session.close()
    return path, headings, parents


def _table_pages(path: Path) -> list:
    """The pages with the criteria table (landscape, the header's "STT" on them)."""
    pages = [p for p in read(path).pages if float(p.mediabox.width) > float(p.mediabox.height)]
    return [p for p in pages if any(r.text == "STT" for r in runs(p))]


def _stt_column(page) -> list:
    """Runs in the STT column below the header, top to bottom (footer and page number left out)."""
    head = next(r for r in runs(page) if r.text == "STT")
    cells = [r for r in runs(page) if LEFT - 1 < r.x < STT_RIGHT and 20 * MM < r.y < head.y - 4]
    return sorted(cells, key=lambda r: -r.y)


CASES = [(Kind.APPENDIX, None), (Kind.APPENDIX, "Sở Nội vụ"), (Kind.PLAN, None), (Kind.REPORT, None)]


@pytest.mark.parametrize(("kind", "lead"), CASES)
def test_no_heading_row_ends_a_page(demo, tmp_path, kind, lead):
    path, headings, _parents = _pdf(demo, tmp_path, kind, lead)
    pages = _table_pages(path)
    assert len(pages) > 3
    for number, page in enumerate(pages[:-1], start=1):
        codes = [r.text for r in _stt_column(page) if r.text != "(tiếp)"]
        assert codes, f"page {number} has no row"
        assert codes[-1] not in headings, f"page {number} ends with the heading row {codes[-1]}"


@pytest.mark.parametrize(("kind", "lead"), CASES[:3])  # the report's rows are short: none breaks
def test_a_continued_row_repeats_its_code_and_starts_at_the_top(demo, tmp_path, kind, lead):
    path, _headings, parents = _pdf(demo, tmp_path, kind, lead)
    pages = _table_pages(path)
    continued = 0
    for before, page in zip(pages, pages[1:], strict=False):
        column = _stt_column(page)
        if len(column) < 2 or column[1].text != "(tiếp)":
            continue
        continued += 1
        code = column[0].text
        last = [r.text for r in _stt_column(before) if r.text != "(tiếp)"][-1]
        assert code in (last, parents.get(last)), f"“{code} (tiếp)” continues the row of {last}"
        # the row's text starts on the code's line: no empty first line in the continued cells
        beside = [r for r in runs(page) if r.x > STT_RIGHT and abs(r.y - column[0].y) < 1]
        assert beside, f"the continued row of {code} starts lower than its code"
        # and it is never a lone last line ("pháp luật.") carried over under "(tiếp)"
        below = next((r.y for r in column[2:]), 20 * MM)
        lines = {round(r.y) for r in runs(page) if r.x > STT_RIGHT and below + 2 < r.y <= column[0].y + 1}
        assert len(lines) >= 2, f"the continued row of {code} carries one line over"
    assert continued, "no row breaks across pages here: the test checks nothing"


def test_growth_is_linear_in_rows(monkeypatch):
    """Laying out 20 000 rows costs 10 × 2 000 rows' tables and rows, not 100 ×: each page's table
    holds only that page's rows (reportlab's own split rebuilt the whole rest at every page), and
    each row is measured once (reportlab re-measured the rest at every page)."""
    measured = [0]
    measure = TableLook.measure

    def counted(self, row):
        measured[0] += 1
        return measure(self, row)

    monkeypatch.setattr(TableLook, "measure", counted)

    def layout(count: int) -> tuple[int, int, int]:
        measured[0] = 0
        from desktop.documents.fonts import load_fonts

        fonts = load_fonts(())
        look = TableLook([40.0, 200.0], fonts.regular, fonts.bold)
        rows = [Row([str(i), "x"], heading=i % 9 == 0) for i in range(count)]
        rest: object = PagedTable.of(["STT", "Tiêu chí"], rows, look)
        pages = cells = 0
        while True:
            assert isinstance(rest, PagedTable)
            rest.wrap(240, 500)
            pieces = rest.split(240, 500)
            if pieces == [rest]:
                return pages + 1, cells + len(rest._rows(len(rows))), measured[0]
            page, _break, rest = pieces
            pages += 1
            cells += len(page._cellvalues)

    small, large = layout(2_000), layout(20_000)
    assert 9.5 < large[0] / small[0] < 10.5  # ten times the pages
    assert large[1] / small[1] < 10.5  # and ten times the rows handled, no more
    assert small[2] <= 2_000 + 1 and large[2] <= 20_000 + 1  # every row (and the header) measured once


HEADING_LINE = re.compile(r"([IVX]+|\d+)\. \S|[a-zđ]\) \S")  # "II. KẾ HOẠCH…", "1. Mục đích…", "a) Mục đích"


@pytest.mark.parametrize("published", ["không", "có"])  # the published total's sentence moves the plan's lines
def test_no_heading_or_point_is_the_last_line_of_a_plan_page(demo, tmp_path, published):
    copy = tmp_path / "copy.sqlite"
    shutil.copy(demo, copy)
    session = Session.open(copy)
    session.save_settings({"published_total": published})
    path = build_pdf(session, Kind.PLAN, tmp_path / "plan.pdf").path
    session.close()
    portrait = [p for p in read(path).pages if float(p.mediabox.width) < float(p.mediabox.height)]
    assert len(portrait) >= 2
    for number, page in enumerate(portrait[:-1], start=1):
        body = [r for r in runs(page) if r.y > 20 * MM]  # above the footer's fingerprint
        lowest = min(r.y for r in body)
        last = " ".join(r.text for r in sorted(body, key=lambda r: r.x) if abs(r.y - lowest) < 1)
        assert not HEADING_LINE.match(last), f"page {number} ends with “{last}”"
