"""The layering of DESIGN.md §2: scoring is pure, ui never imports desktop, services build no widgets."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("PySide6", "sqlite_utils", "openpyxl", "reportlab")


def imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_importing_scoring_pulls_in_nothing_heavy():
    banned = HEAVY + ("desktop", "ui")
    listing = f"','.join(m for m in sys.modules if m.split('.')[0] in {banned!r})"
    code = f"import sys, scoring, scoring.gaps; print({listing})"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert result.stdout.strip() == ""


def test_scoring_imports_only_the_standard_library_and_itself():
    for path in (ROOT / "scoring").glob("*.py"):
        for name in imports(path):
            top = name.split(".")[0]
            assert top in sys.stdlib_module_names or top == "scoring", f"{path.name} imports {name}"


def test_ui_never_imports_desktop():
    for path in (ROOT / "ui").rglob("*.py"):
        assert not any(n.split(".")[0] == "desktop" for n in imports(path)), path


def test_desktop_services_build_no_widgets():
    for path in (ROOT / "desktop").rglob("*.py"):
        if path.name in ("app.py", "__main__.py"):
            continue
        bad = [n for n in imports(path) if n.startswith(("PySide6.QtWidgets", "ui"))]
        assert not bad, f"{path.name} imports {bad}"


def test_no_eval_or_exec_anywhere():
    for folder in ("scoring", "desktop", "ui"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                    assert node.func.id not in ("eval", "exec", "compile"), path
