"""The Báo cáo tự đánh giá: results by lĩnh vực, what is still to be done, and the table with evidence."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportlab.platypus import Flowable

from scoring import Node, Scenario, Severity
from scoring.findings import Kind as FindingKind

from .compose import PARTS_LANDSCAPE, end_marked
from .furniture import Marker
from .nd30 import TitleBlock
from .results_text import missing_leaves, own_leaves, total_sentence
from .tables import Column, criteria_table

if TYPE_CHECKING:
    from .compose import Composer

__all__ = ["report_columns", "report_story", "report_subject"]


def report_subject(composer: Composer) -> str:
    return f"Kết quả tự đánh giá, chấm điểm Chỉ số cải cách hành chính năm {composer.year_label()}"


def report_story(composer: Composer) -> list[Flowable]:
    """Header, results, what is still to do, closing; then the self-assessment table in landscape."""
    own = _own(composer)
    unscored, expected = missing_leaves(composer.assessment, Scenario.ACTUAL, within=own.keys or None)
    if unscored:
        composer.furniture.draft = True
        composer.notices.append(
            f"Báo cáo được in là DỰ THẢO, không có ô chữ ký số: còn {len(unscored)}/{expected} tiêu chí, "
            f"tiêu chí thành phần{own.whose} chưa tự chấm điểm."
        )
    composer.note_stated_totals((Scenario.ACTUAL, Scenario.APPRAISED))
    story: list[Flowable] = [
        composer.header("report_number", "report_symbol", "report_date"),
        TitleBlock(composer.fonts, "Báo cáo", report_subject(composer)),
        *composer.addressees(),
        composer.heading(f"I. KẾT QUẢ TỰ ĐÁNH GIÁ NĂM {composer.year_label()}"),
        *composer.result(
            Scenario.ACTUAL,
            f"tự đánh giá Chỉ số cải cách hành chính năm {composer.year_label()} của {composer.unit}",
            own.keys,
        ),
        *_appraisal(composer),
        composer.heading("II. ĐÁNH GIÁ CHUNG"),
        *composer.paragraphs(composer.texts["doc:report_remarks"]),
        composer.heading("III. NHỮNG NỘI DUNG CẦN HOÀN THIỆN"),
        *_open_findings(composer, own),
    ]
    proposals = composer.texts["doc:report_proposals"]
    if proposals:
        story += [composer.heading("IV. KIẾN NGHỊ, ĐỀ XUẤT"), *composer.paragraphs(proposals)]
    story = [*end_marked(story), composer.closing(composer.report_recipients())]
    composer.part(story, PARTS_LANDSCAPE)
    caption = f"Bảng tự đánh giá, chấm điểm Chỉ số cải cách hành chính năm {composer.year_label()}"
    reference = composer.reference("Báo cáo", "report_number", "report_symbol", "report_date")
    table = criteria_table(composer.assessment, report_columns(composer), composer.styles, composer.wide)
    story += [*composer.appendix_head(caption, reference), table, Marker(composer.furniture, last=True)]
    return story


def _appraisal(composer: Composer) -> list[Flowable]:
    sentence = total_sentence(composer.assessment, Scenario.APPRAISED, "thẩm định")
    return composer.paragraphs(sentence) if sentence else []


@dataclass(frozen=True)
class _Own:
    """What the unit answers for: the criteria it leads when it leads some of the set's (a sở
    filling the province's set scores and backs those only, as packing warns), else all."""

    keys: set[str]
    whose: str  # " do Sở Tư pháp chủ trì", or ""

    def covers(self, key: str) -> bool:
        return not self.keys or key in self.keys


def _own(composer: Composer) -> _Own:
    own = own_leaves(composer.assessment, composer.unit, composer.session.meta.get("province", ""))
    return _Own(own, f" do {composer.unit} chủ trì" if own else "")


def _open_findings(composer: Composer, own: _Own) -> list[Flowable]:
    """What still needs work in this year's self-assessment (last year's data is not reported on).

    Criteria without a score, and criteria scored without evidence, are each one line with their
    codes (a list of 80 identical sentences helps no reader); other findings keep their own line.
    """
    lines = []
    unscored, _expected = missing_leaves(composer.assessment, Scenario.ACTUAL, within=own.keys or None)
    if unscored:
        lines.append(
            f"- Còn {len(unscored)} tiêu chí, tiêu chí thành phần{own.whose} chưa tự chấm điểm ({_codes(unscored)})."
        )
    findings = [
        f
        for f in composer.findings
        if f.severity in (Severity.ERROR, Severity.WARNING)
        and f.scenario in (None, Scenario.ACTUAL)
        and own.covers(f.key)
    ]
    bare = [f for f in findings if f.kind is FindingKind.NO_EVIDENCE]
    if len(bare) == 1:
        lines.append(f"- {bare[0].message}")
    elif bare:
        lines.append(
            f"- {len(bare)} tiêu chí, tiêu chí thành phần đã tự chấm điểm nhưng chưa có tài liệu kiểm chứng "
            f"hoặc giải trình ({_codes([composer.assessment.tree.by_key[f.key] for f in bare])})."
        )
    lines += [f"- {f.message}" for f in findings if f.kind is not FindingKind.NO_EVIDENCE]
    if not lines:
        return composer.paragraphs("Các tiêu chí đã được tự chấm điểm, có tài liệu kiểm chứng hoặc giải trình.")
    return composer.paragraphs("\n".join(lines))


def report_columns(composer: Composer) -> list[Column]:
    evidence: dict[str, list[str]] = {}
    for document in composer.session.evidence.documents():
        for key in document.criteria:
            evidence.setdefault(key, []).append(document.label())
    explanations = {k: t for (k, s), t in composer.session.texts("explanation").items() if s == "actual"}
    columns = [
        Column("STT", "code", 14),
        Column("Lĩnh vực/Tiêu chí/Tiêu chí thành phần", "title", 60, grow=3),
        Column("Điểm tối đa", "max", 17),
        Column("Điểm tự đánh giá", "score", 20, scenario=Scenario.ACTUAL),
    ]
    if composer.has(Scenario.APPRAISED):
        columns.append(Column("Điểm thẩm định", "score", 20, scenario=Scenario.APPRAISED))
    columns += [
        Column("Tài liệu kiểm chứng", "text", 45, grow=2, text=lambda n: "\n".join(evidence.get(n.key, []))),
        Column("Giải trình", "text", 35, grow=1.5, text=lambda n: explanations.get(n.key, "")),
    ]
    return columns


def _codes(nodes: list[Node], shown: int = 12) -> str:
    """ "1.5, 1.6, 2.1.1, …": the first codes of a list, so a long one stays one line or two."""
    return ", ".join(n.label for n in nodes[:shown]) + (", …" if len(nodes) > shown else "")
