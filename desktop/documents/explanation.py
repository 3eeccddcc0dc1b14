"""Báo cáo giải trình: the unit's answer to the appraisal council's deductions, criterion by criterion.

Every row comes from ``deductions``, the one place that reads what was deducted and why: the
appraised column (thẩm định) beside the self-assessment, the council's reason for the deduction
(``reason``, required before the council sends its result), the unit's giải trình of it
(``response``, written in the giải trình round; before that, its self-assessment explanation),
and the documents linked to the criterion.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from reportlab.platypus import Flowable, Paragraph

from scoring import Node, Scenario, nodes_led_by

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

__all__ = ["Deduction", "deductions", "explanation_story", "explanation_subject"]

REASON = ("reason", "appraised")  # texts (field, scenario): why the council deducted
ANSWER = ("response", "")  # the unit's giải trình of the deduction
OWN = ("explanation", "actual")  # else: the unit's explanation of its self-score
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


def deductions(session: Session, lead_unit: str | None = None) -> list[Deduction]:
    """Every scored line whose appraised score is below the self-assessed one, in the tree's order."""
    assessment = session.assessment
    keys = nodes_led_by(assessment.tree, lead_unit) if lead_unit else None
    reasons = {k: t for (k, s), t in session.texts(REASON[0]).items() if s == REASON[1]}
    answers = {k: t for (k, s), t in session.texts(OWN[0]).items() if s == OWN[1]}
    answers |= {k: t for (k, s), t in session.texts(ANSWER[0]).items() if s == ANSWER[1] and t.strip()}
    evidence: dict[str, list[str]] = {}
    for document in session.evidence.documents():
        for key in document.criteria:
            evidence.setdefault(key, []).append(document.label())
    found = []
    for node in assessment.tree.leaves():
        own, appraised = assessment.score(node.key, Scenario.ACTUAL), assessment.score(node.key, Scenario.APPRAISED)
        if own is None or appraised is None or appraised >= own or (keys is not None and node.key not in keys):
            continue
        found.append(
            Deduction(
                node,
                own,
                appraised,
                reasons.get(node.key, ""),
                answers.get(node.key, ""),
                tuple(evidence.get(node.key, [])),
            )
        )
    return found


def explanation_subject(composer: Composer) -> str:
    return f"Giải trình kết quả thẩm định Chỉ số cải cách hành chính năm {composer.year_label()}"


def explanation_story(composer: Composer) -> list[Flowable]:
    """Header, the deductions summed up from the data, closing; then the table of deductions in landscape."""
    found = deductions(composer.session, composer.lead_unit)
    if not found:
        raise DocumentRefused(
            "Chưa có nội dung để giải trình: không tiêu chí nào có điểm thẩm định thấp hơn điểm tự đánh giá."
        )
    unanswered = [d.node.label for d in found if not d.answer.strip()]
    if unanswered:
        composer.furniture.draft = True
        composer.notices.append(
            f"Báo cáo giải trình được in là DỰ THẢO: {len(unanswered)} tiêu chí chưa có giải trình "
            f"({', '.join(unanswered[:12])}{', …' if len(unanswered) > 12 else ''})."
        )
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
