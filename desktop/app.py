"""Start-up: the composition root that opens a file and hands the services to the widgets.

Order (``main``): read arguments (``desktop.entry`` has already sent a start without a screen to
the command line) → create the QApplication (names, test-safe settings) → choose the file
(argument, last file, or the demo, written on first use) → open it (checked first) → build the
main window → run, or return it when ``exec`` is false so tests and ``--smoke-test`` drive the
real app.
"""

from __future__ import annotations

import importlib
import os
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from scoring import Refusal

__all__ = ["demo_path", "main"]

ORG, APP = "PAR Desk", "PAR Desk"
DEMO_NAME = "PAR-Desk-mau-Dak-Nong-2022.sqlite"
RECENT_MAX = 10
# The services a window opens with, imported before PySide6: once loaded, its ``__feature__``
# import hook reads the source of every module imported after it (measured: two thirds of the
# modules of a start, 17 ms of it); the widgets' modules come after PySide6 in any case
_SERVICES = ("desktop.session", "desktop.excel.actions", "desktop.exchange.actions")


def demo_path(folder: Path) -> Path:
    from .demo import write_demo

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / DEMO_NAME
    if not path.exists():
        write_demo(path)
    return path


def _parse(argv: Sequence[str]) -> tuple[Path | None, bool]:
    smoke = "--smoke-test" in argv
    files = [a for a in argv if not a.startswith("--")]
    return (Path(files[0]) if files else None), smoke


def main(argv: Sequence[str] | None = None, exec: bool = True) -> Any:  # noqa: A002 - Qt's own word
    """Open the app; returns the exit code, or ``(app, window)`` when ``exec`` is false."""
    args = list(sys.argv[1:] if argv is None else argv)
    path, smoke = _parse(args)
    if smoke:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # Qt's raster engine hands every fill of 96 pixel rows or more (a scroll bar, a panel's
    # background) to a thread pool and waits for it: waking the threads cost more than the fills,
    # a third of a typed value's frame here (measured); the variable keeps them on the UI thread
    os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")
    started = time.perf_counter()
    for name in _SERVICES:
        importlib.import_module(name)
    from PySide6.QtCore import QSettings, QStandardPaths
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0], *args])
    app.setOrganizationName(ORG)
    app.setApplicationName(APP)
    app.setApplicationDisplayName(APP)
    if exec and not smoke:  # under test (exec false) pytest-qt's own hook must see exceptions
        from ui import crash

        from .errors import log_unexpected

        crash.install(log_unexpected)
    data_dir = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))
    launcher = Launcher(data_dir, QSettings(), interactive=not smoke)
    if path is None and "--demo" in args:  # the sample, straight away (README's first command)
        path = demo_path(data_dir)
    window = launcher.open(path) if path else launcher.open_last()
    if window is None:
        return 3 if smoke else 0
    if smoke:
        return _smoke_check(window, started)
    window.show()
    # once the window is painted, load what the first edit needs (sqlite-utils, ~0,1 s) while the
    # officer reads; a timer alone can fire before the first paint and hold it back
    _after_first_paint(window, lambda: _warm_up(window))
    if not exec:
        return app, window
    code = app.exec()
    launcher.close()
    return code


def _qt_texts() -> None:
    """Qt's own buttons, file dialog and edit menus in Vietnamese (``ui.qt_texts``)."""
    from PySide6.QtWidgets import QApplication

    from ui import qt_texts

    app = QApplication.instance()
    if app is not None:
        qt_texts.install(app)


def _warm_up(window: Any) -> None:
    """Qt's own texts and sqlite-utils for the first edit, unless the file was closed (replaced)
    meanwhile. Qt's texts wait for the first paint too: the translator answers Qt's every tr() in
    Python, and no dialog of Qt's can open before the window is painted."""
    _qt_texts()
    store = window.service.store
    if not store.closed:
        _ = store.db


def _after_first_paint(window: Any, action: Callable[[], object]) -> None:
    """Run ``action`` from the event loop right after ``window`` has been painted once."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802 - Qt override
            if event.type() == QEvent.Type.Paint:
                window.removeEventFilter(self)
                QTimer.singleShot(0, action)  # after the children, painted in the same pass
            return False

    watcher = FirstPaint(window)  # owned by the window: lives as long as it
    window.installEventFilter(watcher)


def _smoke_check(window: Any, started: float) -> int:
    """The tree is populated and totals are computed: the packaged app really works."""
    from scoring import Scenario, format_number

    model = window.model
    rows = model.rowCount()
    totals = window.service.assessment.totals(Scenario.TARGET)
    elapsed = time.perf_counter() - started
    ok = rows > 0 and totals.max > 0
    state = "OK" if ok else "LỖI"
    seconds = format_number(Decimal(f"{elapsed:.3f}"), places=3)
    print(f"smoke-test {state}: {rows} lĩnh vực, tối đa {format_number(totals.max)}, {seconds} s", file=sys.stderr)
    window.close()
    window.launcher.close()
    return 0 if ok else 1


LEVELS = {"tinh": "cấp tỉnh", "so": "cấp sở, ngành", "xa": "cấp xã"}


def set_label(criteria_set: Any) -> str:
    """How the welcome screen names a criteria set: title, the years it is for, its level."""
    years = criteria_set.years
    span = "" if not years else (f"{years[0]}" if len(years) == 1 else f"{min(years)}–{max(years)}")
    parts = [criteria_set.title, f"năm {span}" if span else "", LEVELS.get(criteria_set.level, criteria_set.level)]
    return " — ".join(p for p in parts if p)


def create_assessment(path: Path, set_id: str, unit: str, year: int, last_year: Path | None) -> list[str]:
    """A new file from a criteria set, last year's results carried when a file is given; the report lines."""

    from .assessment_file.store import AssessmentFile
    from .exchange.carryover import create_from_last_year, year_warning  # last year's cuts flagged too
    from .templates import get_set

    criteria_set = get_set(set_id)
    if last_year is not None:
        return create_from_last_year(path, criteria_set, last_year, unit=unit, year=year).lines()
    AssessmentFile.create(path, criteria_set, unit=unit, year=year).close()
    warning = year_warning(criteria_set, year)
    return [warning] if warning else []


class BackgroundDocuments:
    """The print dialog's service, with a preview that may run off the UI thread.

    sqlite objects belong to the thread that made them, so the worker opens the file itself
    (every edit is committed when made: it reads what the window shows).
    """

    def __init__(self, actions: Any, path: Path) -> None:
        self._actions = actions
        self._path = Path(path)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._actions, name)

    def preview_worker(self, kind: str, lead: str | None) -> Any:
        path = self._path

        def work() -> Any:
            from .documents.actions import DocumentActions
            from .session import Session

            session = Session.open_readonly(path)  # the window holds the file for editing
            try:
                return DocumentActions(session).preview(kind, lead)
            finally:
                session.close()

        return work


class Launcher:
    """Opens files into windows, remembers recent files, and shows the welcome screen.

    One window at a time: a file opened or created from a window replaces that window's file.
    """

    def __init__(self, data_dir: Path, settings: Any, *, interactive: bool = True) -> None:
        self.data_dir = data_dir
        self.settings = settings
        self.interactive = interactive  # False for --smoke-test: report on stderr, never a dialog
        self._quitting = False  # Thoát under way: the windows it closes do not start it again
        self.sessions: list[Any] = []
        self.windows: list[Any] = []
        self.inbox: Any = None  # Sở Nội vụ's desk, made on first use
        # the last file opened that is the officer's own (not a unit's working copy, not a packed
        # file): the ranking PDF's header and signer come from it, whatever the window holds then
        self.own: Path | None = None

    def recent(self) -> list[str]:
        value = self.settings.value("recent", []) or []
        items = [value] if isinstance(value, str) else list(value)
        return [p for p in items if Path(p).exists()]

    def _remember(self, path: Path) -> None:
        items = [str(path.resolve())] + [p for p in self.recent() if p != str(path.resolve())]
        self.settings.setValue("recent", items[:RECENT_MAX])
        self.settings.setValue("last", str(path.resolve()))

    def open_last(self) -> Any:
        """The last file; the first time the welcome screen (the smoke test takes the sample)."""
        last = self.settings.value("last", "")
        if last and Path(last).exists():
            return self.open(Path(last))
        if not self.interactive:
            return self.open(demo_path(self.data_dir))
        return self.welcome()

    def open(self, path: Path, replace: Any = None) -> Any:
        """A window on ``path``; with ``replace``, that window's file is closed and this one takes its place."""
        from ui.main_window import MainWindow

        from .excel.actions import ExcelActions
        from .exchange.workflow import is_own_file
        from .session import Session

        if replace is not None and _same_file(Path(replace.path), Path(path)):
            return replace  # already open here: opening it again would find it taken (by itself)
        try:
            session = Session.open(path, or_read_only=True)  # taken elsewhere or read-only: read, and say why
        except Refusal as exc:
            if not self.interactive:
                print(f"Lỗi: {exc}", file=sys.stderr)
                return None
            from ui.dialogs import warn

            _qt_texts()  # before a window: the refusal's button in Vietnamese too
            warn(replace, "Không mở được tệp", str(exc))
            return replace if replace is not None else self.welcome()
        sample = Path(path).resolve() == (self.data_dir / DEMO_NAME).resolve()
        holder: list[Any] = []
        window = MainWindow(
            session,
            path,
            header_fields=_HeaderKeys(),
            open_other=lambda: self.welcome(holder[0] if holder else None),
            excel=ExcelActions(session),
            documents=BackgroundDocuments(_Deferred(lambda: _document_actions(session)), path),
            sample=sample,
        )
        holder.append(window)
        window.launcher = self
        if is_own_file(session.store, session.meta):
            self.own = Path(path)
        _install_exchange(self, window, session)
        self.sessions.append(session)
        self.windows.append(window)
        window.quit_app = self.quit
        window.when_closed = self._window_closed
        if not sample:
            self._remember(path)
        if replace is not None:
            self._replace(replace, window)
        return window

    def _replace(self, old: Any, new: Any) -> None:
        new.setGeometry(old.geometry())
        if old.isMaximized():
            new.showMaximized()
        else:
            new.show()
        self.windows.remove(old)  # before it closes: a replaced window does not quit the app
        old.close()
        self.sessions.remove(old.service)
        old.service.close()
        old.deleteLater()

    def welcome(self, replace: Any = None) -> Any:
        """The welcome screen; returns the window opened (None when the officer closes it)."""
        _qt_texts()  # it may come before any window (whose first paint installs them)
        from ui.welcome import WelcomeDialog

        from .exchange.carryover import last_year_facts
        from .templates import builtin_sets

        sets = [(s.id, set_label(s)) for s in builtin_sets().values()]
        dialog = WelcomeDialog(sets, self.recent(), replace, peek=last_year_facts)
        if not dialog.exec() or dialog.choice is None:
            return None
        kind, *rest = dialog.choice
        if kind == "demo":
            window = self.open(demo_path(self.data_dir), replace)
        elif kind == "open":
            window = self.open(Path(rest[0]), replace)
        else:
            window = self._create(kind, rest, replace)
        if window is not None and replace is None:
            window.show()
        return window

    def _create(self, kind: str, rest: list[Any], replace: Any) -> Any:
        from ui.dialogs import inform, warn

        try:
            if kind == "excel":
                from .excel.importing import create_from_table

                table, path, unit, year = rest
                lines = create_from_table(Path(table), Path(path), unit=unit, year=year).lines()
            else:
                path, set_id, unit, year, last_year = rest
                lines = create_assessment(Path(path), set_id, unit, year, last_year)
        except Refusal as exc:
            warn(replace, "Không tạo được tệp", str(exc))
            return self.welcome(replace)
        window = self.open(Path(path), replace)
        if lines and window is not None:
            inform(window, "Đã tạo tệp đánh giá", "\n".join(_sets_by_title(lines)))
        return window

    def desk(self) -> Any:
        """Sở Nội vụ's inbox (one, kept open); files taken from it open in the current window."""
        from ui.inbox import InboxWindow

        from .exchange.desk import DeskActions

        if self.inbox is None:
            actions = DeskActions(self._own_settings, own=lambda: self.own)
            self.inbox = InboxWindow(actions, lambda path: self.open(Path(path), self._current()))
        self.inbox.show()
        self.inbox.raise_()
        return self.inbox

    def _current(self) -> Any:
        """The window files open into (the last one opened), read at each call."""
        return self.windows[-1] if self.windows else None

    def _own_settings(self) -> dict[str, str]:
        """The document settings of the officer's own file (``own``) as they are now: the ranking
        PDF's header and signer; {} when no such file was opened in this run."""
        if self.own is None:
            return {}
        for window in self.windows:
            if _same_file(Path(window.path), self.own):
                return dict(window.service.settings())
        from .assessment_file.store import AssessmentFile

        with AssessmentFile.open_readonly(self.own) as store:  # closed in the window since: read, not held
            return dict(store.settings())

    def close(self) -> None:
        for session in self.sessions:
            session.close()
        self.sessions.clear()

    def quit(self) -> None:
        """Thoát: every window of the app closed (each saving what is still being typed), then every
        file closed and its lock released, and the event loop left (``main`` returns)."""
        if self._quitting:
            return
        self._quitting = True
        try:
            for window in list(self.windows):
                window.close()
            inbox = self.inbox
            for other in (getattr(inbox, "compare_window", None), inbox):
                if other is not None:
                    other.close()
            self.close()
        finally:
            self._quitting = False
        from PySide6.QtWidgets import QApplication

        QApplication.quit()  # windows the officer opened that are none of these (nothing when not run)

    def _window_closed(self, window: Any) -> None:
        """The officer closed a main window (its close button): with no other main window left, the
        app quits, as Thoát does; the inbox or a comparison alone kept the process and the file."""
        if self._quitting or window not in self.windows:
            return  # quitting already, or replaced by another file's window
        if not any(other is not window and other.isVisible() for other in self.windows):
            self.quit()


def _sets_by_title(lines: list[str]) -> list[str]:
    """The creation report as the window says it: a criteria set by its title, as the welcome screen
    lists it, not by the id the command line takes ("Bộ tiêu chí “par-tinh-2020” ban hành cho …")."""
    from .templates import builtin_sets

    names = {f"“{s.id}”": f"“{s.title}”" for s in builtin_sets().values()}
    for quoted, title in names.items():
        lines = [line.replace(quoted, title) for line in lines]
    return lines


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def _install_exchange(launcher: Launcher, window: Any, session: Any) -> None:
    """The "Trao đổi" menu, the "Thẩm định" tab and the round in the status bar (``ui.exchange_menu``)."""
    from ui.exchange_menu import install

    from .exchange.actions import ExchangeActions

    service = ExchangeActions(session)
    install(window, service, open_file=lambda p: launcher.open(Path(p), window), open_desk=launcher.desk)


class _Deferred:
    """Stands for a service until it is first used: its wing is imported then, not at start-up."""

    def __init__(self, make: Callable[[], Any]) -> None:
        self._make = make
        self._made: Any = None

    def __getattr__(self, name: str) -> Any:
        if self._made is None:
            self._made = self._make()
        return getattr(self._made, name)


def _document_actions(session: Any) -> Any:
    from .documents.actions import DocumentActions  # desktop.documents: ~25 ms the first paint needs not

    return DocumentActions(session)


class _HeaderKeys(Mapping[str, tuple[str, str]]):
    """The document header settings (``desktop.documents.header``), read when a dialog asks."""

    def _keys(self) -> Mapping[str, tuple[str, str]]:
        from .documents.header import HEADER_KEYS

        return HEADER_KEYS

    def __getitem__(self, key: str) -> tuple[str, str]:
        return self._keys()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys())

    def __len__(self) -> int:
        return len(self._keys())
