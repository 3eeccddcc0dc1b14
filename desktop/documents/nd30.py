"""The parts of an administrative document that Nghị định 30/2020/NĐ-CP, Phụ lục I, fixes.

Header (ô 1–4), tên loại and trích yếu (ô 5a), and the signature block (ô 7) with an empty PDF
signature field over the signing space; the page furniture is in ``furniture``. Sizes and rules
follow DOMAIN.md; each is drawn at a computed position, so tests can read them back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from math import comb

from reportlab.lib.colors import black
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFString
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from scoring.dates import official_date

from .fonts import FontFamily

__all__ = [
    "MOTTO",
    "NATIONAL_TITLE",
    "Header",
    "SignatureBlock",
    "TitleBlock",
    "authority_lines",
    "balanced_lines",
    "document_number",
]

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
RULE_WIDTH = 0.6
SIGNATURE_FIELD = "ChuKyNguoiKy"


def document_number(number: str, symbol: str) -> str:
    """ "Số: 05/KH-SNV": numbers below 10 padded with a zero, no spaces in the symbol."""
    digits = number.strip()
    if digits.isdigit() and int(digits) < 10:
        digits = f"{int(digits):02d}"
    return f"Số: {digits}/{symbol.replace(' ', '')}"


def balanced_lines(text: str, font: str, size: float, width: float, *, phrases: bool = False) -> list[str]:
    """Break ``text`` into as few lines as fit ``width``, as even as possible.

    "ỦY BAN NHÂN DÂN TỈNH ĐẮK NÔNG" becomes "ỦY BAN NHÂN DÂN" / "TỈNH ĐẮK NÔNG", as officers set it,
    rather than a greedy "ỦY BAN NHÂN DÂN TỈNH" / "ĐẮK NÔNG". Explicit line breaks are kept.
    With ``phrases`` (a trích yếu), a break between phrases is preferred to a perfectly even one:
    Vietnamese words are syllables, and "cải cách hành" / "chính" tears a word in two.
    """
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        lines += _balance(paragraph.split(), font, size, width, phrases)
    return lines


def _balance(words: list[str], font: str, size: float, width: float, phrases: bool) -> list[str]:
    def measure(line: str) -> float:
        return stringWidth(line, font, size)

    if measure(" ".join(words)) <= width:
        return [" ".join(words)]
    # a break inside a phrase costs as much as half the width more on the widest line: tearing a
    # Vietnamese word ("hành" / "chính") is a real fault, an uneven pair of lines only a blemish
    tear = 0.5 * width if phrases else 0.0
    for count in range(2, len(words)):
        if comb(len(words) - 1, count - 1) > _MOST_SPLITS:
            break
        best = _best_split(words, count, measure, width, tear)
        if best is None:
            continue
        lines, torn = best
        if torn and count + 1 < len(words) and comb(len(words) - 1, count) <= _MOST_SPLITS:
            # one more line is better than a word torn in two, if that line avoids it
            more = _best_split(words, count + 1, measure, width, tear)
            if more is not None and not more[1]:
                return more[0]
        return lines
    # too long to try every split, or a word wider than the line: filled line by line
    return _greedy(words, measure, width)


# Every split is tried while that is cheap (a title of 30 words in 3 lines: 406 splits); a text
# long enough to need more is filled line by line instead, so a pasted paragraph cannot hang printing.
_MOST_SPLITS = 20_000


def _greedy(words: list[str], measure: Callable[[str], float], width: float) -> list[str]:
    lines = [words[0]]
    for word in words[1:]:
        joined = f"{lines[-1]} {word}"
        if measure(joined) <= width:
            lines[-1] = joined
        else:
            lines.append(word)
    return lines


# Words a Vietnamese title is naturally broken before ("… hành chính" / "năm 2022", "/ tỉnh Đắk Nông",
# "… bị trừ điểm" / "khi thẩm định …").
_PHRASE_STARTS = frozenset(
    "của tại trên cho về và năm tỉnh huyện thành giai đối theo trong nhằm đến với thuộc giữa do khi".split()
)


def _tear(before: str, after: str) -> float:
    """How much a break between two words tears a phrase: none after a comma, before a bracket or a
    linking word ("…" / "của Sở …"); a fifth before a name ("… chấm điểm" / "Chỉ số …"); else whole."""
    if before[-1] in ",;:" or after[0] == "(" or after.lower() in _PHRASE_STARTS:
        return 0.0
    return 0.2 if after[0].isupper() and not before[0].isupper() else 1.0


def _best_split(
    words: list[str], count: int, measure: Callable[[str], float], width: float, tear: float
) -> tuple[list[str], bool] | None:
    """The split of ``words`` into ``count`` lines no wider than ``width`` whose widest line (plus
    ``tear`` for each break inside a phrase) is narrowest, and whether it tears a phrase (with a
    ``tear`` cost); titles are short, so every split is tried."""
    from itertools import combinations

    best: tuple[float, list[str], bool] | None = None
    for cuts in combinations(range(1, len(words)), count - 1):
        bounds = (0, *cuts, len(words))
        lines = [" ".join(words[a:b]) for a, b in zip(bounds, bounds[1:], strict=False)]
        widest = max(measure(line) for line in lines)
        if widest > width:
            continue
        tears = [_tear(words[c - 1], words[c]) for c in cuts]
        cost = widest + tear * sum(tears)
        if best is None or cost < best[0]:
            best = (cost, lines, bool(tear) and max(tears) == 1.0)
    return (best[1], best[2]) if best else None


@dataclass(frozen=True)
class Line:
    """A centred line of text at ``y`` (baseline, from the flowable's top going down)."""

    text: str
    font: str
    size: float


class _Block:
    """Centred lines stacked from the top; ``rule`` draws a rule of that share of the widest of the
    lines from ``ruled_from`` on (the tiêu ngữ's rule is as long as the tiêu ngữ, not the Quốc hiệu;
    the issuing agency's is measured on its own name, not the parent agency's)."""

    def __init__(
        self, lines: Sequence[Line], *, rule: float | None = None, leading: float = 1.2, ruled_from: int = 0
    ) -> None:
        self.lines = list(lines)
        self.rule = rule
        self.leading = leading
        self.ruled_from = ruled_from

    def height(self) -> float:
        body = sum(line.size * self.leading for line in self.lines)
        return body + (6 if self.rule is not None else 0)

    def draw(self, canv: Canvas, centre: float, top: float) -> float:
        """Draw below ``top``; returns the y under the block."""
        y = top
        widest = 0.0
        for index, line in enumerate(self.lines):
            y -= line.size * self.leading
            canv.setFont(line.font, line.size)
            canv.drawCentredString(centre, y + line.size * (self.leading - 1), line.text)
            if index >= self.ruled_from:
                widest = max(widest, stringWidth(line.text, line.font, line.size))
        if self.rule is not None and self.lines:
            y -= 4
            half = widest * self.rule / 2
            canv.setLineWidth(RULE_WIDTH)
            canv.line(centre - half, y, centre + half, y)
            y -= 2
        return y


class Header(Flowable):
    """Ô 1–4: agencies with their short rule, Quốc hiệu and tiêu ngữ with its full rule, number, place and date."""

    def __init__(
        self,
        fonts: FontFamily,
        *,
        parent_agency: str,
        issuing_agency: str,
        number: str,
        place: str,
        date: dt.date,
        left_share: float = 0.4,
    ) -> None:
        super().__init__()
        self.fonts = fonts
        self.parent_agency = parent_agency.upper()
        self.issuing_agency = issuing_agency.upper()
        self.number = number
        self.place_date = f"{place}, {official_date(date)}"
        self.left_share = left_share
        self.positions: dict[str, tuple[float, float]] = {}

    def _blocks(self, width: float) -> tuple[_Block, _Block, float, float]:
        left_w = width * self.left_share
        right_w = width - left_w
        f = self.fonts
        left = [Line(t, f.regular, 12) for t in balanced_lines(self.parent_agency, f.regular, 12, left_w - 4)]
        if not self.parent_agency:
            left = []
        parent_lines = len(left)
        left += [Line(t, f.bold, 12) for t in balanced_lines(self.issuing_agency, f.bold, 12, left_w - 4)]
        right = [Line(NATIONAL_TITLE, f.bold, 12), Line(MOTTO, f.bold, 13)]
        left_block = _Block(left, rule=0.4, ruled_from=parent_lines)
        return left_block, _Block(right, rule=1.0, ruled_from=1), left_w, right_w

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        left, right, _lw, _rw = self._blocks(avail_width)
        self.height = max(left.height(), right.height()) + 12 + 13 * 1.2 + 2
        return avail_width, self.height

    def draw(self) -> None:
        canv = self.canv
        left, right, left_w, right_w = self._blocks(self.width)
        left_centre, right_centre = left_w / 2, left_w + right_w / 2
        canv.setFillColor(black)
        canv.setStrokeColor(black)
        bottom = min(left.draw(canv, left_centre, self.height), right.draw(canv, right_centre, self.height))
        baseline = bottom - 12 - 13
        canv.setFont(self.fonts.regular, 13)
        canv.drawCentredString(left_centre, baseline, self.number)
        canv.setFont(self.fonts.italic, 13)
        canv.drawCentredString(right_centre, baseline, self.place_date)


class TitleBlock(Flowable):
    """Ô 5a: tên loại in capitals, trích yếu below it, both bold 14, then a rule of 40 % of the widest line."""

    def __init__(self, fonts: FontFamily, kind: str, subject: str) -> None:
        super().__init__()
        self.fonts = fonts
        self.kind = kind.upper()
        self.subject = subject

    def _block(self, width: float) -> _Block:
        lines = [Line(self.kind, self.fonts.bold, 14)]
        subject = balanced_lines(self.subject, self.fonts.bold, 14, width * 0.9, phrases=True)
        lines += [Line(t, self.fonts.bold, 14) for t in subject]
        return _Block(lines, rule=0.4, leading=1.25)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = self._block(avail_width).height() + 20
        return avail_width, self.height

    def draw(self) -> None:
        self._block(self.width).draw(self.canv, self.width / 2, self.height - 14)


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


# Nghị định 30, Phụ lục I, ô 7a: thay mặt (a collective), ký thay (a deputy), quyền, thừa lệnh, thừa ủy quyền
_AUTHORITIES = ("TM.", "KT.", "Q.", "TL.", "TUQ.")


def authority_lines(authority: str) -> list[str]:
    """Ô 7a, one line per form: "TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH", whether typed on two lines
    or on one ("TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH"); each form in capitals with its full stop."""
    words = " ".join(_lines(authority)).upper().split()
    lines: list[list[str]] = []
    for word in words:
        form = word if word.endswith(".") else f"{word}."
        if form in _AUTHORITIES and (word.endswith(".") or not lines):
            lines.append([form])
        elif lines:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [" ".join(line) for line in lines]


class SignatureBlock(Flowable):
    """Ô 7: authority (each of TM./KT./Q./TL./TUQ. on its line) and chức vụ in bold capitals, a
    space to sign and seal, the signer's name.

    An empty signature field (/FT /Sig) is placed over the signing space, so the province's
    digital-signature tools sign in place.
    """

    SPACE = 30 * mm

    def __init__(self, fonts: FontFamily, *, authority: str, title: str, name: str, field: bool = True) -> None:
        super().__init__()
        self.fonts = fonts
        self.heading = [*authority_lines(authority), *(line.upper() for line in _lines(title))]
        self.name = name.strip()
        self.field = field

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        # a form too long for the column ("TM. ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH") breaks evenly
        self.lines = [part for line in self.heading for part in balanced_lines(line, self.fonts.bold, 14, avail_width)]
        self.height = len(self.lines) * 14 * 1.2 + self.SPACE + 14 * 1.2
        return avail_width, self.height

    def draw(self) -> None:
        canv = self.canv
        centre = self.width / 2
        y = self.height
        canv.setFont(self.fonts.bold, 14)
        for text in self.lines:
            y -= 14 * 1.2
            canv.drawCentredString(centre, y + 2, text)
        space_top = y - 4
        y -= self.SPACE
        canv.drawCentredString(centre, y - 14, self.name)
        if self.field:
            self._signature_field(centre, y + 2, space_top)

    def _signature_field(self, centre: float, bottom: float, top: float) -> None:
        canv = self.canv
        half = min(self.width / 2 - 4, 42 * mm)
        x1, y1 = canv.absolutePosition(centre - half, bottom)
        x2, y2 = canv.absolutePosition(centre + half, top)
        widget = PDFDictionary(
            {
                "Type": PDFName("Annot"),
                "Subtype": PDFName("Widget"),
                "FT": PDFName("Sig"),
                "T": PDFString(SIGNATURE_FIELD),
                "TU": PDFString("Chữ ký số của người ký văn bản"),
                "Rect": PDFArray([round(x1, 2), round(y1, 2), round(x2, 2), round(y2, 2)]),
                "F": 4,
            }
        )
        canv._addAnnotation(widget)
        form = canv.acroForm
        form.fields.append(form.getRef(widget))
