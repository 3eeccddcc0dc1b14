"""The stories (lists of flowables) of the Kế hoạch, its Phụ lục and the Báo cáo tự đánh giá."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING

from reportlab.lib.colors import black
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    Flowable,
    HRFlowable,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from scoring import TOTAL_KEY, Finding, Scenario, fold, nodes_led_by
from scoring.dates import official_date, parse_date
from scoring.findings import Kind as FindingKind

from ..session import DEADLINE
from .fonts import FontFamily
from .furniture import Furniture, Marker
from .header import HEADER_KEYS, PUBLISHED_TOTAL, chosen
from .nd30 import Header, SignatureBlock, TitleBlock, balanced_lines, document_number
from .results_text import domain_lines, missing_leaves, number, percent, progress_note, total_sentence
from .styles import Styles, esc
from .tables import Column, criteria_table
from .texts import document_texts

if TYPE_CHECKING:
    from ..session import Session

__all__ = ["Composer", "archive_line", "end_marked", "entries"]

PARTS_LANDSCAPE = "landscape"
PARTS_PORTRAIT = "portrait"


@dataclass
class Composer:
    """Reads what the documents need from the session once, then builds each story."""

    session: Session
    fonts: FontFamily
    furniture: Furniture
    width: float  # text width of a portrait page
    wide: float  # text width of a landscape page
    lead_unit: str | None = None
    styles: Styles = field(init=False)
    notices: list[str] = field(init=False, default_factory=list)  # for the officer, not printed

    def __post_init__(self) -> None:
        self.styles = Styles.of(self.fonts)
        self.assessment = self.session.assessment
        self.settings = self.session.settings()
        self.texts = document_texts(self.session)
        year = self.session.meta.get("year", "")
        self.year = int(year) if year.isdigit() else None
        self.unit = self.settings.get("unit") or self.session.meta.get("unit", "")

    # ------------------------------------------------------------ shared pieces

    @cached_property
    def findings(self) -> list[Finding]:
        """Every finding, worked out once per document (they walk the whole tree)."""
        return self.assessment.findings()

    def note_stated_totals(self, scenarios: tuple[Scenario, ...]) -> None:
        """Tell the officer (not the reader) where a total typed in the source differs from the sum of
        its criteria: the document prints the sum, which may then disagree with a published result."""
        for finding in self.findings:
            if finding.kind is FindingKind.STATED_SUM and finding.scenario in scenarios:
                self.notices.append(f"{finding.message} {self._printed_total(finding)}")

    def _printed_total(self, finding: Finding) -> str:
        if finding.key == TOTAL_KEY and self._published(Scenario.PREVIOUS) is not None:
            return "Mục I in số đã công bố, kèm tổng cộng và chênh lệch."
        text = "Văn bản in theo tổng cộng từ các tiêu chí; hãy kiểm tra lại số liệu."
        if finding.key == TOTAL_KEY and finding.scenario is Scenario.PREVIOUS:
            text += f" Nếu số ghi là số đã công bố, có thể in số đó: thiết lập “{_published_label()}” = có."
        return text

    def year_label(self, offset: int = 0) -> str:
        return str(self.year + offset) if self.year else ""

    def _date(self, key: str) -> dt.date:
        return parse_date(self.settings[key])

    def header(self, number_key: str, symbol_key: str, date_key: str) -> Header:
        s = self.settings
        return Header(
            self.fonts,
            parent_agency=s.get("parent_agency", ""),
            issuing_agency=s.get("issuing_agency", ""),
            number=document_number(s.get(number_key, ""), s.get(symbol_key, "")),
            place=s.get("place", ""),
            date=self._date(date_key),
        )

    def paragraphs(self, text: str, style: object | None = None) -> list[Flowable]:
        chosen = style or self.styles.body
        return [Paragraph(esc(line.strip()), chosen) for line in text.splitlines() if line.strip()]

    def heading(self, text: str) -> Paragraph:
        return Paragraph(esc(text), self.styles.heading)

    def _basis(self) -> list[Flowable]:
        """Căn cứ in italic, each ending ";" and the last ".", as Nghị định 30 sets them."""
        lines = [line.strip().rstrip(";.,") for line in self.texts["doc:basis"].splitlines() if line.strip()]
        ends = [";"] * (len(lines) - 1) + ["."]
        return [Paragraph(esc(line + end), self.styles.basis) for line, end in zip(lines, ends, strict=False)]

    def _recipients(self, entries: list[str]) -> list[Flowable]:
        """Ô 9b: "Nơi nhận:", one entry a line "- …;", the last "- Lưu: VT, … ."."""
        names, archive = archive_line(entries, self.settings.get("archive", ""))
        lines = [*(f"- {name};" for name in names), f"- Lưu: {archive}."]
        head = Paragraph("Nơi nhận:", self.styles.recipients_head)
        return [head, *(Paragraph(esc(line), self.styles.recipients) for line in lines)]

    def report_recipients(self, to: str = "report_to") -> list[str]:
        """A report's Nơi nhận: its own list; else "Như trên" when it has a Kính gửi (setting ``to``);
        else the plan's."""
        own = entries(self.settings.get("report_recipients", ""))
        if own:
            return own
        return ["Như trên"] if entries(self.settings.get(to, "")) else self._plan_recipients()

    def _plan_recipients(self) -> list[str]:
        return entries(self.settings.get("recipients", ""))

    def addressees(self, to: str = "report_to") -> list[Flowable]:
        """Ô 9a, "Kính gửi:" of a report sent up (Nghị định 30, Phụ lục I, II.9.d), from the setting ``to``:
        one addressee on the same line; several each on a line "- …;" (the last "."), dashes under the colon."""
        names = entries(self.settings.get(to, ""))
        if not names:
            return []
        style = self.styles.addressee
        label = "Kính gửi:"
        if len(names) == 1:
            return [Paragraph(esc(f"{label} {names[0]}"), style)]
        lines = [f"- {name}{';' if i < len(names) - 1 else '.'}" for i, name in enumerate(names)]
        # "Kính gửi:" on its own line, then one line each, the dashes under the colon
        indent = stringWidth("Kính gửi", style.fontName, style.fontSize)
        widest = max(stringWidth(line, style.fontName, style.fontSize) for line in lines) + 2
        entry = self.styles.addressee_entry
        rows = [[Paragraph(label, entry), ""], *[["", Paragraph(esc(line), entry)] for line in lines]]
        table = Table(rows, colWidths=[indent, min(widest, self.width * 0.8 - indent)])
        table.setStyle(
            TableStyle(
                [
                    ("SPAN", (0, 0), (1, 0)),
                    ("FONT", (0, 0), (-1, -1), self.fonts.regular, 14),  # else the table sets Helvetica
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ]
            )
        )
        table.hAlign = "CENTER"
        return [table, Spacer(1, 6)]

    def closing(self, recipients: list[str]) -> Flowable:
        s = self.settings
        signature = SignatureBlock(
            self.fonts,
            authority=s.get("signer_authority", ""),
            title=s.get("signer_title", ""),
            name=s.get("signer_name", ""),
            field=not self.furniture.draft,  # a draft is not to be signed
        )
        left = self.width * 0.4
        table = Table([[self._recipients(recipients), signature]], colWidths=[left, self.width - left])
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), self.fonts.regular, 12),  # else the table sets Helvetica
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        table.spaceBefore = 8  # no KeepTogether: reportlab keeps no container with the paragraph before it
        return table

    def appendix_head(self, caption: str, reference: str) -> list[Flowable]:
        return [
            Paragraph("Phụ lục", self.styles.appendix_title),
            Paragraph(self._caption_lines(caption), self.styles.appendix_caption),
            Paragraph(esc(reference), self.styles.appendix_reference),
            HRFlowable(width="12%", thickness=0.6, color=black, spaceBefore=4, spaceAfter=10, hAlign="CENTER"),
        ]

    def _caption_lines(self, caption: str) -> str:
        """The appendix title in capitals, in even lines broken between phrases (no "CHỦ TRÌ" alone)."""
        style = self.styles.appendix_caption
        lines = balanced_lines(caption.upper(), style.fontName, style.fontSize, self.wide * 0.9, phrases=True)
        return "<br/>".join(esc(line) for line in lines)

    def reference(self, kind: str, number_key: str, symbol_key: str, date_key: str) -> str:
        """ "(Kèm theo Kế hoạch số 434/KH-UBND ngày 27 tháng 7 năm 2022 của …)": from the document's own settings."""
        s = self.settings
        issued = document_number(s.get(number_key, ""), s.get(symbol_key, "")).removeprefix("Số: ")
        return f"(Kèm theo {kind} số {issued} {official_date(self._date(date_key))} của {self.unit})"

    def part(self, story: list[Flowable], orientation: str) -> None:
        """Start a part of its own (new page, page numbers restarting) in the given orientation."""
        story += [NextPageTemplate(orientation), PageBreak(), Marker(self.furniture, section=True)]

    # ------------------------------------------------------------ the plan

    def plan_subject(self) -> str:
        return (
            self.settings.get("doc_title") or f"Cải thiện, nâng cao Chỉ số cải cách hành chính năm {self.year_label()}"
        )

    def plan(self, *, with_appendix: bool = True) -> list[Flowable]:
        self.note_stated_totals((Scenario.PREVIOUS, Scenario.TARGET))
        story: list[Flowable] = [
            self.header("doc_number", "doc_symbol", "doc_date"),
            TitleBlock(self.fonts, "Kế hoạch", self.plan_subject()),
            *self._basis(),
            self.heading(f"I. KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {self.year_label(-1)}"),
            *self.result(Scenario.PREVIOUS, f"Chỉ số cải cách hành chính năm {self.year_label(-1)} của {self.unit}"),
            self.heading(f"II. KẾ HOẠCH CẢI THIỆN, NÂNG CAO CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {self.year_label()}"),
            Paragraph("1. Mục đích, yêu cầu", self.styles.subheading),
            Paragraph("a) Mục đích", self.styles.point),
            *self.paragraphs(self.texts["doc:purpose"]),
            *self.paragraphs(self._target_sentence()),
            Paragraph("b) Yêu cầu", self.styles.point),
            *self.paragraphs(self.texts["doc:requirements"]),
            Paragraph("2. Nhiệm vụ, giải pháp", self.styles.subheading),
            *self.paragraphs(self.texts["doc:tasks"]),
            Paragraph("3. Tổ chức thực hiện", self.styles.subheading),
            *self.paragraphs(self.texts["doc:organisation"]),
        ]
        story = [*end_marked(story), self.closing(self._plan_recipients())]
        if with_appendix:
            self.part(story, PARTS_LANDSCAPE)
            story += self.appendix_body()
        return [*story, Marker(self.furniture, last=True)]

    def result(self, scenario: Scenario, subject: str, own: set[str] | None = None) -> list[Flowable]:
        """Section I: the total, what it does not hold yet, and every lĩnh vực. ``own``: the
        criteria the unit leads, when it leads some of the set's (a sở in the province's set)."""
        published = self._published(scenario)
        sentence = total_sentence(self.assessment, scenario, subject, published=published)
        if sentence is None:
            return self.paragraphs(f"Chưa có kết quả {subject}.")
        lines = [sentence]
        if published is not None:
            lines.append(self._published_note(published, scenario))
        note = progress_note(self.assessment, scenario, self.unit, own)
        if note:
            lines.append(note)
        lines += ["Kết quả theo từng lĩnh vực như sau:", *domain_lines(self.assessment, scenario)]
        return [Paragraph(esc(line), self.styles.body) for line in lines]

    def _published(self, scenario: Scenario) -> Decimal | None:
        """The total stated in the file (the published index) when the officer chose to print it
        in place of the sum of the criteria, and it differs from that sum."""
        if scenario is not Scenario.PREVIOUS or not chosen(self.settings, PUBLISHED_TOTAL):
            return None
        stated = self.assessment.entry(TOTAL_KEY, scenario).value
        computed = self.assessment.totals(scenario).final
        if stated is None or computed is None or number(stated) == number(computed):
            return None
        return stated

    def _published_note(self, published: Decimal, scenario: Scenario) -> str:
        computed = self.assessment.totals(scenario).final
        assert computed is not None
        gap = number(abs(published - computed))
        self.notices.append(
            f"Mục I in tổng điểm đã công bố {number(published)} (thiết lập “{_published_label()}” = có); "
            f"tổng cộng từ các tiêu chí là {number(computed)}, chênh lệch {gap} điểm."
        )
        return (
            f"Tổng điểm trên là số đã công bố; cộng điểm của các lĩnh vực dưới đây được {number(computed)} "
            f"điểm (chênh lệch {gap} điểm)."
        )

    def _target_sentence(self) -> str:
        totals = self.assessment.totals(Scenario.TARGET)
        if totals.final is None:
            return ""
        text = f"Phấn đấu năm {self.year_label()} đạt {number(totals.final)}/{number(totals.max)} điểm"
        missing, _expected = missing_leaves(self.assessment, Scenario.TARGET)
        if missing:
            text += f" (tạm tính: {len(missing)} tiêu chí, tiêu chí thành phần chưa có mục tiêu)"
        elif totals.percent is not None:
            text += f" (chỉ số {percent(totals.percent)}, nhóm {totals.group})"
        return text + "; mục tiêu của từng lĩnh vực, tiêu chí tại Phụ lục kèm theo."

    def appendix(self) -> list[Flowable]:
        """The Phụ lục alone (its own file): landscape from the first page."""
        return [Marker(self.furniture, section=True), *self.appendix_body(), Marker(self.furniture, last=True)]

    def appendix_body(self) -> list[Flowable]:
        caption = f"Nhiệm vụ, giải pháp cải thiện, nâng cao Chỉ số cải cách hành chính năm {self.year_label()}"
        if self.lead_unit:
            caption += f" do {self.lead_unit} chủ trì"
        reference = self.reference("Kế hoạch", "doc_number", "doc_symbol", "doc_date")
        keys = nodes_led_by(self.assessment.tree, self.lead_unit) if self.lead_unit else None
        table = criteria_table(
            self.assessment, self.plan_columns(), self.styles, self.wide, keys=keys, total=keys is None
        )
        return [*self.appendix_head(caption, reference), table]

    def plan_columns(self) -> list[Column]:
        tasks = {k: t for (k, _s), t in self.session.texts("tasks").items()}
        deadlines = {k: t for (k, _s), t in self.session.texts(DEADLINE).items()}
        columns = [
            Column("STT", "code", 14),
            Column("Lĩnh vực/Tiêu chí/Tiêu chí thành phần", "title", 40, grow=2),
            Column("Điểm tối đa", "max", 17),
        ]
        for header, scenario in (
            (f"Điểm năm {self.year_label(-1)}".strip(), Scenario.PREVIOUS),
            ("Kết quả hiện tại", Scenario.ACTUAL),
            (f"Mục tiêu năm {self.year_label()}".strip(), Scenario.TARGET),
        ):
            if self.has(scenario):
                columns.append(Column(header, "score", 18, scenario=scenario))
        if tasks:
            columns.append(Column("Nhiệm vụ/giải pháp", "text", 40, grow=3, text=lambda n: tasks.get(n.key, "")))
        if deadlines:
            # II.1.b promises each criterion "thời hạn hoàn thành": the column shows it once one is given
            columns.append(Column("Thời gian hoàn thành", "text", 28, text=lambda n: deadlines.get(n.key, "")))
        if any(n.lead for n in self.assessment.tree):
            columns.append(Column("Đơn vị chủ trì", "text", 34, grow=0.5, text=lambda n: n.lead))
        return columns

    def has(self, scenario: Scenario) -> bool:
        return self.assessment.totals(scenario).final is not None


def entries(text: str) -> list[str]:
    """The names of a list typed one per line, without the dashes and end marks people type."""
    names = (line.strip().lstrip("-–• ").rstrip(";.,").strip() for line in text.splitlines())
    return [name for name in names if name]


_ARCHIVE = re.compile(r"luu\s*(:|vt\b|$)")  # folded: "Lưu: VT, VP", "Lưu VT" (never "Lưu trữ …")


def archive_line(names: list[str], setting: str) -> tuple[list[str], str]:
    """The Nơi nhận without the "Lưu: …" line an officer types in it, and what that line keeps.

    Nơi nhận ends with one "- Lưu: VT, …." line; a typed one (the last wins) says what, else the
    ``archive`` setting (with or without its own "Lưu:"), else "VT"."""
    kept, typed = [], ""
    for name in names:
        if _ARCHIVE.match(fold(name)):
            typed = _archived(name) or typed
        else:
            kept.append(name)
    own = setting.strip()
    own = _archived(own) if _ARCHIVE.match(fold(own)) else own.strip(" .;,")
    return kept, typed or own or "VT"


def _archived(line: str) -> str:
    """ "VT, VP" of "Lưu: VT, VP." or of "Lưu VT, VP" (the word "Lưu" and its colon dropped)."""
    rest = line.split(":", 1)[1] if ":" in line else line.strip().split(None, 1)[-1]
    return rest.strip(" .;,")


def _published_label() -> str:
    """The setting as the officer sees it in Thiết lập văn bản (its key is for the command line)."""
    return HEADER_KEYS[PUBLISHED_TOTAL][0].split(" (")[0]


def end_marked(story: list[Flowable]) -> list[Flowable]:
    """The body's last paragraph closed with "./.", as văn thư ends the content of a document, and
    kept on the page of what follows it (the signature block): a page holding only "Nơi nhận" and
    the signature, with no line of the body, is sent back by văn thư."""
    from reportlab.lib.styles import ParagraphStyle

    for index in range(len(story) - 1, -1, -1):
        paragraph = story[index]
        if isinstance(paragraph, Paragraph):
            text = paragraph.text.rstrip()  # escaped already: never strip the ";" of "&gt;"
            if not text.endswith("./."):
                text = (text if re.search(r"&#?\w+;$", text) else text.rstrip(".;,:")) + "./."
            kept = ParagraphStyle(f"{paragraph.style.name}-last", parent=paragraph.style, keepWithNext=1)
            return [*story[:index], Paragraph(text, kept), *story[index + 1 :]]
    return story
