"""Báo cáo giải trình: the unit's answer to the appraisal council's deductions, criterion by criterion.

Every row comes from ``deductions``, the one place that reads what was deducted and why. The
giải trình answers the first appraisal: once the council has closed it (sent its result back),
its scores and reasons are read from that round as the file keeps it, so a second appraisal or
a finished one does not change what the unit answered. A file without a closed round (the
council's copy still in thẩm định lần 1, a file from before the rounds) is read from the
appraised column (thẩm định) and its reasons, and prints as DỰ THẢO: the result is not final.
The unit's giải trình of a deduction is its ``response``, written in the giải trình round; before
that round (nothing closed yet, a draft) its self-assessment explanation stands in, never after:
a deduction the unit has not answered is named and the report is a draft. The evidence is the
documents linked to the criterion.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from reportlab.platypus import Flowable, Paragraph

from scoring import Assessment, Node, Scenario, nodes_led_by

from ..assessment_file.check import fetch_rows
from ..assessment_file.rounds import appraisal_round
from ..assessment_file.rows import entries_from_rows
from ..errors import DocumentRefused
from .compose import PARTS_LANDSCAPE, end_marked
from .furniture import Marker
from .nd30 import TitleBlock
from .paging import PagedTable, Row, TableLook, Text
from .results_text import number
from .styles import esc
from .tables import widths

if TYPE_CHECKING:
    from ..session import Session
    from .compose import Composer

__all__ = ["Deduction", "Deductions", "deductions", "explanation_story", "explanation_subject", "read_deductions"]

REASON = ("reason", "appraised")  # texts (field, scenario): why the council deducted
EARLIER_REASON = ("explanation", "appraised")  # where files from before the rounds kept it
FIRST_ROUND = 1  # the appraisal a giải trình answers
ANSWER = ("response", "")  # the unit's giải trình of the deduction
OWN = ("explanation", "actual")  # before the giải trình round: the unit's explanation of its self-score
ADDRESSEE = "explanation_to"  # its Kính gửi: the appraisal council, not whom the self-assessment went to


@dataclass(frozen=True)
class Deduction:
    """One criterion the council scored below the unit's self-assessment."""

    node: Node
    own: Decimal
    appraised: Decimal
    reason: str
    answer: str
    evidence: tuple[str, ...]

    @property
    def points(self) -> Decimal:
        return self.own - self.appraised


@dataclass(frozen=True)
class Deductions:
    """The deducted criteria, and whether they come from a closed appraisal round."""

    found: list[Deduction]
    closed: bool  # from the council's closed first round (else the appraised column as it stands)


def deductions(session: Session, lead_unit: str | None = None) -> list[Deduction]:
    """Every scored line appraised below its self-assessment, in the tree's order."""
    return read_deductions(session, lead_unit).found


def read_deductions(session: Session, lead_unit: str | None = None) -> Deductions:
    """The deductions of the closed first appraisal round when the file has it, else of the appraised column."""
    first = appraisal_round(session.store.conn, FIRST_ROUND)
    if first:
        assessment = _first_round(session)
        reasons = {key: reason for key, (_value, reason) in first.items() if reason.strip()}
    else:
        assessment = session.assessment
        reasons = {k: t for (k, s), t in session.texts(EARLIER_REASON[0]).items() if s == EARLIER_REASON[1]}
        reasons |= {k: t for (k, s), t in session.texts(REASON[0]).items() if s == REASON[1] and t.strip()}
    keys = nodes_led_by(assessment.tree, lead_unit) if lead_unit else None
    answers = {k: t for (k, s), t in session.texts(ANSWER[0]).items() if s == ANSWER[1] and t.strip()}
    if not first:  # the council still appraising: what the unit has said is its self-assessment's word
        answers = {k: t for (k, s), t in session.texts(OWN[0]).items() if s == OWN[1]} | answers
    evidence: dict[str, list[str]] = {}
    for document in session.evidence.documents():
        for key in document.criteria:
            evidence.setdefault(key, []).append(document.label())
    found = []
    for node in assessment.tree.leaves():
        own, appraised = assessment.score(node.key, Scenario.ACTUAL), assessment.score(node.key, Scenario.APPRAISED)
        if own is None or appraised is None or appraised >= own or assessment.is_excluded(node):
            continue
        if keys is not None and node.key not in keys:
            continue
        found.append(
            Deduction(
                node,
                own,
                appraised,
                _given(reasons, node),
                _given(answers, node),
                tuple(evidence.get(node.key, [])),
            )
        )
    return Deductions(found, bool(first))


def _given(texts: dict[str, str], node: Node) -> str:
    """A text given on the line itself, or, for an uncoded part, on its criterion."""
    text = texts.get(node.key, "")
    if not text.strip() and node.is_part and node.parent is not None:
        text = texts.get(node.parent.key, "")
    return text


def _first_round(session: Session) -> Assessment:
    """The self-assessment beside the appraisal as the council closed its first round."""
    current = session.assessment
    tree = current.tree
    rows = fetch_rows(
        session.store.conn,
        "SELECT node_key, 'appraised', value, inputs FROM appraisals WHERE round = "
        f"{FIRST_ROUND} AND (value IS NOT NULL OR inputs != '{{}}')",
    )
    with session.store.reading():
        appraised = entries_from_rows(rows, tree.by_key.keys())[Scenario.APPRAISED]
    entries = {Scenario.ACTUAL: current.entries[Scenario.ACTUAL], Scenario.APPRAISED: appraised}
    return Assessment(tree, entries, current.not_applicable, current.supported)


def explanation_subject(composer: Composer) -> str:
    return f"Giải trình kết quả thẩm định Chỉ số cải cách hành chính năm {composer.year_label()}"


def explanation_story(composer: Composer) -> list[Flowable]:
    """Header, the deductions summed up from the data, closing; then the table of deductions in landscape."""
    read = read_deductions(composer.session, composer.lead_unit)
    found = read.found
    if not found:
        raise DocumentRefused(
            "Chưa có nội dung để giải trình: không tiêu chí nào có điểm thẩm định thấp hơn điểm tự đánh giá."
        )
    _draft_if_unfinished(composer, read)
    story: list[Flowable] = [
        composer.header("explanation_number", "explanation_symbol", "explanation_date"),
        TitleBlock(composer.fonts, "Báo cáo", explanation_subject(composer)),
        *composer.addressees(ADDRESSEE),
        *composer.paragraphs(composer.texts["doc:explanation_intro"]),
        *composer.paragraphs(_summary(found)),
        *composer.paragraphs(composer.texts["doc:explanation_closing"]),
    ]
    story = [*end_marked(story), composer.closing(composer.report_recipients(ADDRESSEE))]
    composer.part(story, PARTS_LANDSCAPE)
    caption = (
        f"Giải trình các tiêu chí bị trừ điểm khi thẩm định Chỉ số cải cách hành chính năm {composer.year_label()}"
    )
    reference = composer.reference("Báo cáo", "explanation_number", "explanation_symbol", "explanation_date")
    return [
        *story,
        *composer.appendix_head(caption, reference),
        _table(composer, found),
        Marker(composer.furniture, last=True),
    ]


def _draft_if_unfinished(composer: Composer, read: Deductions) -> None:
    """DỰ THẢO, with the reasons said to the officer: a result not yet closed, a deduction
    without the council's reason, or one the unit has not answered."""
    why = []
    if not read.closed:
        why.append(
            "kết quả thẩm định lần 1 chưa được Hội đồng thẩm định chốt và gửi về (số liệu lấy từ cột điểm thẩm định)"
        )
    for missing, what in (
        ([d.node.label for d in read.found if not d.reason.strip()], "chưa có lý do trừ điểm"),
        ([d.node.label for d in read.found if not d.answer.strip()], "chưa có giải trình"),
    ):
        if missing:
            shown = ", ".join(missing[:12]) + (", …" if len(missing) > 12 else "")
            why.append(f"{len(missing)} tiêu chí {what} ({shown})")
    if why:
        composer.furniture.draft = True
        composer.notices.append(f"Báo cáo giải trình được in là DỰ THẢO: {'; '.join(why)}.")


def _summary(found: list[Deduction]) -> str:
    own = sum((d.own for d in found), Decimal(0))
    appraised = sum((d.appraised for d in found), Decimal(0))
    return (
        f"Hội đồng thẩm định trừ điểm {len(found)} tiêu chí, tiêu chí thành phần, tổng cộng "
        f"{number(own - appraised)} điểm (tự đánh giá {number(own)} điểm, thẩm định {number(appraised)} điểm); "
        "nội dung giải trình và tài liệu kiểm chứng của từng tiêu chí tại Phụ lục kèm theo Báo cáo này."
    )


_COLUMNS = (  # header, least width (mm), share of the spare width
    ("STT", 14, 0),
    ("Tiêu chí, tiêu chí thành phần", 40, 2),
    ("Điểm tự đánh giá", 18, 0),
    ("Điểm thẩm định", 18, 0),
    ("Lý do trừ điểm", 30, 1.5),
    ("Giải trình của đơn vị", 40, 2.5),
    ("Tài liệu kiểm chứng", 30, 1.5),
)


def _table(composer: Composer, found: list[Deduction]) -> PagedTable:
    styles = composer.styles
    header: list[object] = [Paragraph(esc(title), styles.cell_head) for title, _w, _g in _COLUMNS]
    rows = []
    for d in found:
        code = d.node.parent.code if d.node.is_part and d.node.parent is not None else d.node.code
        title = f"- {d.node.title}" if d.node.is_part else d.node.title
        texts = (d.reason, d.answer, "\n".join(d.evidence))
        cells: list[object] = [
            code,
            Text(esc(title), styles.cell),
            number(d.own),
            number(d.appraised),
            *(Text(esc(text), styles.cell) if text else "" for text in texts),
        ]
        rows.append(Row(cells, continued=Text(f"{esc(code)}<br/><i>(tiếp)</i>", styles.cell_code)))
    look = TableLook(
        widths([(w, g) for _t, w, g in _COLUMNS], composer.wide),
        styles.cell.fontName,
        styles.cell_bold.fontName,
        (0, 2, 3),
    )
    return PagedTable.of(header, rows, look)
