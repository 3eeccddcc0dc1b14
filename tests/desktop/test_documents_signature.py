"""Ô 7 read back from the PDF: every Nghị định 30 authority form on its own line, in order, centred."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop.demo import write_demo
from desktop.documents import Kind, build_pdf
from desktop.session import Session

from .pdf_reading import read, runs


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    return write_demo(tmp_path_factory.mktemp("sig") / "demo.sqlite")


FORMS = [
    ("TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]),
    ("TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]),
    ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]),
    ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]),
    ("q. giám đốc", "phó giám đốc", ["Q. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]),
    ("TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG", ["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"]),
    ("TUQ. CHỦ TỊCH", "GIÁM ĐỐC SỞ NỘI VỤ", ["TUQ. CHỦ TỊCH", "GIÁM ĐỐC SỞ NỘI VỤ"]),
    ("TM. ỦY BAN NHÂN DÂN\nQ. CHỦ TỊCH", "", ["TM. ỦY BAN NHÂN DÂN", "Q. CHỦ TỊCH"]),
    (
        "TL. GIÁM ĐỐC\nKT. CHÁNH VĂN PHÒNG",
        "PHÓ CHÁNH VĂN PHÒNG",
        ["TL. GIÁM ĐỐC", "KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"],
    ),  # noqa: E501
    ("", "GIÁM ĐỐC", ["GIÁM ĐỐC"]),
]


@pytest.mark.parametrize(("authority", "title", "lines"), FORMS)
def test_signature_block_forms_on_their_lines(demo, tmp_path, authority, title, lines):
    copy = tmp_path / "copy.sqlite"
    shutil.copy(demo, copy)
    session = Session.open(copy)
    session.save_settings({"signer_authority": authority, "signer_title": title})
    path = build_pdf(session, Kind.PLAN, tmp_path / "p.pdf").path
    session.close()
    page = next(p for p in read(path).pages if any(r.text == "Lê Văn Chiến" for r in runs(p)))
    name = next(r for r in runs(page) if r.text == "Lê Văn Chiến")
    block = [r for r in runs(page) if r.y > name.y and r.x > name.x - 150 and r.font.endswith("Bold")]
    block = sorted(block, key=lambda r: -r.y)[-len(lines) :]
    assert [r.text for r in block] == lines
    ys = [r.y for r in block]
    assert all(abs((a - b) - 16.8) < 0.5 for a, b in zip(ys, ys[1:], strict=False))  # one line each, 14 × 1,2
    centres = {round(r.x + _width(r) / 2) for r in block}
    assert max(centres) - min(centres) <= 1  # each centred over the signer's name


def _width(run) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from desktop.documents.fonts import load_fonts

    return stringWidth(run.text, load_fonts().bold, run.size)
