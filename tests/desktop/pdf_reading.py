"""Reading produced PDFs back: text runs with font, size and position, fonts, fields."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader

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
