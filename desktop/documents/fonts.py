"""The serif family the documents are set in: Times New Roman if the computer has it, else Liberation Serif.

Nghị định 30/2020/NĐ-CP asks for Times New Roman. Every Windows machine has it; elsewhere we embed
Liberation Serif (same metrics, SIL OFL, shipped in ``resources/fonts``) and say so. A font is only
used after checking it has every Vietnamese letter with every tone, so nothing prints as a box.
"""

from __future__ import annotations

import os
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from ..errors import DocumentRefused, log_detail
from ..outputs import os_problem

__all__ = ["FontFamily", "load_fonts", "system_font_folders", "vietnamese_letters"]

STYLES = ("regular", "bold", "italic", "bold_italic")
_TIMES_FILES = {
    "regular": ("times.ttf", "Times New Roman.ttf", "Times_New_Roman.ttf"),
    "bold": ("timesbd.ttf", "Times New Roman Bold.ttf", "Times_New_Roman_Bold.ttf"),
    "italic": ("timesi.ttf", "Times New Roman Italic.ttf", "Times_New_Roman_Italic.ttf"),
    "bold_italic": ("timesbi.ttf", "Times New Roman Bold Italic.ttf", "Times_New_Roman_Bold_Italic.ttf"),
}
_BUNDLED_FILES = {
    "regular": "LiberationSerif-Regular.ttf",
    "bold": "LiberationSerif-Bold.ttf",
    "italic": "LiberationSerif-Italic.ttf",
    "bold_italic": "LiberationSerif-BoldItalic.ttf",
}
_TONES = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")  # none, huyền, sắc, ngã, hỏi, nặng
_VOWELS = "aăâeêioôơuưy"


def vietnamese_letters() -> str:
    """Every Vietnamese letter, both cases, every vowel with each of the five tones (NFC)."""
    letters = {"đ", "Đ", *"abcdeghiklmnopqrstuvxyzfjw"}
    for vowel in _VOWELS:
        for tone in _TONES:
            letters.add(unicodedata.normalize("NFC", vowel + tone))
    letters |= {letter.upper() for letter in letters}
    return "".join(sorted(letters))


@dataclass(frozen=True)
class FontFamily:
    """Registered reportlab font names of one family; ``warning`` says when we fell back."""

    label: str
    regular: str
    bold: str
    italic: str
    bold_italic: str
    warning: str | None = None


def system_font_folders() -> list[Path]:
    """Where an installed Times New Roman is looked for, by platform (user fonts first on Windows)."""
    folders: list[Path] = []
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA")
        if local:
            folders.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
        folders.append(Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts")
    elif sys.platform == "darwin":
        folders += [Path("/System/Library/Fonts/Supplemental"), Path("/Library/Fonts"), Path.home() / "Library/Fonts"]
    else:
        folders += [
            Path("/usr/share/fonts/truetype/msttcorefonts"),
            Path("/usr/share/fonts/TTF"),
            Path.home() / ".fonts",
            Path.home() / ".local/share/fonts",
        ]
    return folders


def _find_times(folders: Iterable[Path]) -> dict[str, Path] | None:
    found: dict[str, Path] = {}
    for style, names in _TIMES_FILES.items():
        for folder in folders:
            hit = next((folder / name for name in names if (folder / name).is_file()), None)
            if hit:
                found[style] = hit
                break
        else:
            return None
    return found


def _register(prefix: str, files: dict[str, Path]) -> tuple[str, str, str, str]:
    """Register the four faces (reading each file whole) and check they cover Vietnamese."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    names = (f"{prefix}-regular", f"{prefix}-bold", f"{prefix}-italic", f"{prefix}-bold_italic")
    letters = vietnamese_letters()
    for name, style in zip(names, STYLES, strict=True):
        try:
            font = TTFont(name, str(files[style]))
        except OSError as exc:
            raise DocumentRefused(f"Không đọc được phông chữ “{files[style]}” ({os_problem(exc)}).") from None
        except TTFError as exc:  # reportlab's words are English: they go to the log
            log_detail(exc, context=str(files[style]))
            problem = "không phải phông TrueType dùng được"
            raise DocumentRefused(f"Không đọc được phông chữ “{files[style]}” ({problem}).") from None
        absent = [ch for ch in letters if ord(ch) not in font.face.charToGlyph]
        if absent:
            raise DocumentRefused(f"Phông chữ “{files[style].name}” thiếu các chữ tiếng Việt: {''.join(absent[:12])}.")
        pdfmetrics.registerFont(font)
    pdfmetrics.registerFontFamily(prefix, normal=names[0], bold=names[1], italic=names[2], boldItalic=names[3])
    return names


def _bundled_files() -> dict[str, Path]:
    folder = resources.files("resources.fonts")
    files = {style: Path(str(folder.joinpath(name))) for style, name in _BUNDLED_FILES.items()}
    missing = [path.name for path in files.values() if not path.is_file()]
    if missing:
        raise DocumentRefused(
            "Máy tính không có phông Times New Roman và thiếu phông Liberation Serif đi kèm PAR Desk "
            f"({', '.join(missing)}). Hãy cài lại PAR Desk."
        )
    return files


@cache
def load_fonts(folders: tuple[Path, ...] | None = None) -> FontFamily:
    """The family to print with; ``folders`` replaces the system folders (tests)."""
    search = system_font_folders() if folders is None else list(folders)
    times = _find_times(search)
    problem = "Máy tính này không có đủ bốn kiểu chữ của phông Times New Roman"
    if times is not None:
        try:
            regular, bold, italic, bold_italic = _register("TimesNewRoman", times)
            return FontFamily("Times New Roman", regular, bold, italic, bold_italic)
        except DocumentRefused as exc:
            problem = f"Không dùng được phông Times New Roman của máy: {exc}"
    regular, bold, italic, bold_italic = _register("LiberationSerif", _bundled_files())
    # the problem may end a sentence of its own (a refusal's "…."): one full stop, then the fallback
    fallback = "văn bản dùng phông Liberation Serif đi kèm PAR Desk (cùng cỡ chữ, đủ dấu tiếng Việt)"
    warning = f"{problem.rstrip('.')}; {fallback}."
    return FontFamily("Liberation Serif", regular, bold, italic, bold_italic, warning)
