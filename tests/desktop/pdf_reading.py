"""Reading produced PDFs back: text runs with font, size and position, fonts, fields."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import ContentStream

MM = 72 / 25.4
STANDARD_14 = {
    "Courier",
    "Courier-Bold",
    "Courier-Oblique",
    "Courier-BoldOblique",
    "Helvetica",
    "Helvetica-Bold",
    "Helvetica-Oblique",
    "Helvetica-BoldOblique",
    "Times-Roman",
    "Times-Bold",
    "Times-Italic",
    "Times-BoldItalic",
    "Symbol",
    "ZapfDingbats",
}


@dataclass(frozen=True)
class Run:
    text: str
    font: str  # BaseFont without the subset tag: "LiberationSerif-bold"
    size: float
    x: float
    y: float


def runs(page) -> list[Run]:
    """Every text run of a page with the font it is set in, its size and its start point."""
    found: list[Run] = []

    def visit(text, cm, tm, font_dict, font_size):
        if not text.strip() or font_dict is None:
            return
        base = str(font_dict.get("/BaseFont", "")).lstrip("/").split("+")[-1]
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        found.append(Run(text.strip(), base, round(font_size * tm[0] * cm[0], 2), x, y))

    page.extract_text(visitor_text=visit)
    return found


def find(page, text: str) -> Run:
    hits = [r for r in runs(page) if r.text == text]
    assert hits, f"“{text}” not set as one run on the page; runs: {[r.text for r in runs(page)][:40]}"
    return hits[0]


@dataclass(frozen=True)
class Segment:
    """A stroked horizontal line in page coordinates, x1 < x2."""

    x1: float
    x2: float
    y: float


def rules(page) -> list[Segment]:
    """Every horizontal stroked "x y m x y l S" segment (reportlab's canvas.line), CTM applied."""
    found: list[Segment] = []
    ctm = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    stack: list[tuple[float, ...]] = []
    paths: list[list[tuple[float, float]]] = []

    def apply(x: float, y: float) -> tuple[float, float]:
        a, b, c, d, e, f = ctm
        return a * x + c * y + e, b * x + d * y + f

    for operands, operator in ContentStream(page.get_contents(), page.pdf).operations:
        if operator == b"q":
            stack.append(ctm)
        elif operator == b"Q":
            ctm = stack.pop()
        elif operator == b"cm":
            a2, b2, c2, d2, e2, f2 = (float(v) for v in operands)
            a, b, c, d, e, f = ctm
            ctm = (
                a2 * a + b2 * c, a2 * b + b2 * d, c2 * a + d2 * c, c2 * b + d2 * d,
                e2 * a + f2 * c + e, e2 * b + f2 * d + f,
            )  # fmt: skip
        elif operator == b"m":
            paths.append([apply(float(operands[0]), float(operands[1]))])
        elif operator == b"l" and paths:
            paths[-1].append(apply(float(operands[0]), float(operands[1])))
        elif operator == b"S":
            for path in paths:  # a table's grid strokes many "m l" pairs at once
                if len(path) == 2 and abs(path[0][1] - path[1][1]) < 0.01:
                    (xa, y), (xb, _) = path
                    found.append(Segment(min(xa, xb), max(xa, xb), y))
            paths = []
        elif operator in (b"n", b"f", b"f*", b"re", b"B", b"b"):
            paths = []
    return found


def rule_under(page, run: Run, within: float = 14) -> Segment:
    """The rule drawn just below a text run, starting no further left than the run."""
    below = [s for s in rules(page) if 0 < run.y - s.y <= within and s.x1 > run.x - 2 and s.x2 > run.x]
    assert below, f"no rule under “{run.text}”"
    return max(below, key=lambda s: s.y)


def page_text(page) -> str:
    return " ".join(r.text for r in runs(page))


def fonts_of(reader: PdfReader) -> dict[str, bool]:
    """BaseFont → embedded (a FontFile/FontFile2/FontFile3 in its descriptor or descendant's)."""
    result: dict[str, bool] = {}
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for ref in (resources.get("/Font") or {}).values():
            font = ref.get_object()
            base = str(font.get("/BaseFont", "")).lstrip("/")
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            result[base] = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return result


def signature_fields(reader: PdfReader) -> list[tuple[int, list[float]]]:
    """(page index, rect) of every /FT /Sig widget."""
    fields = []
    for index, page in enumerate(reader.pages):
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            if annot.get("/FT") == "/Sig":
                fields.append((index, [float(v) for v in annot["/Rect"]]))
    return fields


def read(path: Path) -> PdfReader:
    return PdfReader(str(path))
