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


def test_ui_never_imports_desktop_nor_storage_excel_or_pdf_libraries():
    banned = ("desktop", "sqlite_utils", "openpyxl", "reportlab", "pypdfium2", "sqlite3")
    for path in (ROOT / "ui").rglob("*.py"):
        bad = [n for n in imports(path) if n.split(".")[0] in banned]
        assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


def test_desktop_services_import_no_qt_at_all():
    """Only the start-up module composes the widgets; every service runs without Qt."""
    for path in (ROOT / "desktop").rglob("*.py"):
        if path.relative_to(ROOT).as_posix() in ("desktop/app.py", "desktop/__main__.py"):
            continue
        bad = [n for n in imports(path) if n.split(".")[0] in ("PySide6", "shiboken6", "ui")]
        assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


def test_desktop_top_level_holds_at_most_ten_modules_and_no_import_circle():
    modules = sorted(p.name for p in (ROOT / "desktop").glob("*.py"))
    assert len(modules) <= 10, modules
    graph: dict[str, set[str]] = {}
    for path in (ROOT / "desktop").rglob("*.py"):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        graph[name] = {_resolve(name, path, item) for item in _all_imports(path)} - {name}
    for start in graph:
        seen, stack = set(), [start]
        while stack:
            for following in graph.get(stack.pop(), ()):
                assert following != start, f"import circle through {start}"
                if following not in seen:
                    seen.add(following)
                    stack.append(following)


def _all_imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            found.append((node.level, node.module or ""))
        elif isinstance(node, ast.Import):
            found += [(0, alias.name) for alias in node.names]
    return found


def _resolve(module: str, path: Path, item: tuple[int, str]) -> str:
    """The absolute module an import names (``from ..x import y`` inside desktop.a.b → desktop.x)."""
    level, name = item
    if level == 0:
        return name
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    base = package[: len(package) - level + 1]
    return ".".join(base + ([name] if name else []))


def test_no_eval_or_exec_anywhere():
    for folder in ("scoring", "desktop", "ui"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                    assert node.func.id not in ("eval", "exec", "compile"), path
