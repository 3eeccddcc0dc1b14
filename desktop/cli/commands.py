"""The ``pardesk`` command line: the app with no subcommand, batch and script work otherwise.

Messages go to stderr in Vietnamese. Exit codes: 0 success, 1 findings of severity error,
2 usage error or refused input, 3 unreadable or refused file, 4 unexpected error (a bug: one
Vietnamese line here, the traceback in the error log).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from scoring import Refusal, Scenario

from ..errors import FileRefused, InputRefused
from .compile import HANDLERS as COMPILE_HANDLERS
from .exchange import HANDLERS as EXCHANGE_HANDLERS
from .exchange import add_parsers, apply_texts, permit_texts, text_options
from .names import COMMANDS
from .pipes import reader_may_leave

__all__ = ["main"]

OK, FINDINGS, USAGE, REFUSED, UNEXPECTED = 0, 1, 2, 3, 4

_ARGPARSE_VI = {
    "one of the arguments": "cần đúng một trong các tham số",
    "is required": "",
    "the following arguments are required": "thiếu tham số bắt buộc",
    "unrecognized arguments": "tham số không nhận ra",
    "invalid choice": "lựa chọn không hợp lệ",
    "expected one argument": "cần một giá trị",
    "invalid int value": "không phải số nguyên",
    "choose from": "chọn một trong",
    "argument": "tham số",
}


class _Parser(argparse.ArgumentParser):
    """argparse with Vietnamese errors and exit code 2."""

    def error(self, message: str) -> NoReturn:
        for english, vietnamese in _ARGPARSE_VI.items():
            message = message.replace(english, vietnamese)
        self.print_usage(sys.stderr)
        print(f"Lỗi cú pháp lệnh: {message}", file=sys.stderr)
        raise SystemExit(USAGE)


def _parser() -> argparse.ArgumentParser:
    from ..documents.header import HEADER_KEYS

    parser = _Parser(
        prog="pardesk",
        description="PAR Desk: tự đánh giá, lập kế hoạch Chỉ số cải cách hành chính. "
        "Không có lệnh con: mở ứng dụng (với TỆP nếu có).",
    )
    sub = parser.add_subparsers(dest="command", metavar="LỆNH", parser_class=_Parser)
    sub.add_parser("templates", help="liệt kê các bộ tiêu chí có sẵn")

    new = sub.add_parser("new", help="tạo tệp đánh giá mới từ một bộ tiêu chí")
    new.add_argument("file", metavar="TỆP", type=Path)
    new.add_argument("--template", required=True, metavar="MÃ", help="mã bộ tiêu chí (xem: pardesk templates)")
    new.add_argument("--unit", required=True, metavar="ĐƠN_VỊ", help="tên đơn vị tự đánh giá")
    new.add_argument("--year", required=True, type=int, metavar="NĂM")
    new.add_argument("--province", default="", metavar="TỈNH")
    new.add_argument(
        "--from",
        dest="last_year",
        type=Path,
        metavar="TỆP_NĂM_TRƯỚC",
        help="lấy điểm thẩm định (nếu không có: tự đánh giá) năm trước làm điểm năm trước",
    )

    setp = sub.add_parser("set", help="ghi điểm hoặc số liệu của một tiêu chí")
    setp.add_argument("file", metavar="TỆP", type=Path)
    setp.add_argument("code", metavar="MÃ_TIÊU_CHÍ", help="ví dụ 3.3, hoặc 1.2#1 cho nội dung thứ nhất của 1.2")
    for scenario, label in (
        ("previous", "năm trước"),
        ("actual", "tự đánh giá"),
        ("target", "mục tiêu"),
        ("appraised", "thẩm định"),
    ):
        setp.add_argument(f"--{scenario}", metavar="ĐIỂM", help=f"điểm {label} (để trống để xóa)")
    setp.add_argument(
        "--input",
        action="append",
        default=[],
        metavar="TÊN=SỐ",
        help="số liệu tính điểm (a, b, c…; option=số thứ tự mức; n=số lần vi phạm); lặp lại được",
    )
    setp.add_argument(
        "--deadline", metavar="THỜI_HẠN", help="thời gian hoàn thành nhiệm vụ, giải pháp (ví dụ “Quý III/2026”)"
    )
    setp.add_argument(
        "--scenario",
        default="actual",
        choices=[s.value for s in Scenario],
        help="kịch bản nhận số liệu --input (mặc định actual)",
    )
    text_options(setp)

    score = sub.add_parser("score", help="tính điểm, tổng và các phát hiện")
    score.add_argument("file", metavar="TỆP", type=Path)
    score.add_argument("--json", action="store_true", help="in một đối tượng JSON")

    keys = "; ".join(f"{key}: {label}" for key, (label, _example) in HEADER_KEYS.items())
    settings = sub.add_parser(
        "settings", help="xem hoặc sửa thông tin thể thức văn bản", description=f"Các khóa: {keys}."
    )
    settings.add_argument("file", metavar="TỆP", type=Path)
    settings.add_argument("pairs", nargs="*", metavar="KHÓA=GIÁ_TRỊ")

    demo = sub.add_parser("demo", help="ghi một bản mới của tệp đánh giá mẫu (Đắk Nông 2022)")
    demo.add_argument("file", metavar="TỆP", type=Path)
    _excel_parsers(sub)
    _pdf_parser(sub)
    add_parsers(sub)
    return parser


def _pdf_parser(sub: argparse._SubParsersAction) -> None:
    pdf = sub.add_parser(
        "pdf",
        help="in Kế hoạch (kèm Phụ lục), Phụ lục, Báo cáo tự đánh giá hoặc Báo cáo giải trình ra PDF sẵn sàng ký số",
        description="Tệp đánh giá chỉ được đọc, không bị sửa. Cần các thiết lập văn bản (pardesk settings).",
    )
    pdf.add_argument("file", metavar="TỆP", type=Path)
    kind = pdf.add_mutually_exclusive_group(required=True)
    kind.add_argument(
        "--plan", type=Path, metavar="RA.pdf", help="Kế hoạch cải thiện, nâng cao Chỉ số CCHC kèm Phụ lục"
    )
    kind.add_argument("--appendix", type=Path, metavar="RA.pdf", help="riêng Phụ lục của Kế hoạch (khổ ngang)")
    kind.add_argument("--report", type=Path, metavar="RA.pdf", help="Báo cáo tự đánh giá kèm bảng điểm, minh chứng")
    kind.add_argument(
        "--explanation", type=Path, metavar="RA.pdf", help="Báo cáo giải trình các tiêu chí bị trừ điểm khi thẩm định"
    )
    kind.add_argument(
        "--docx", type=Path, metavar="RA.docx", help="bản Word của Kế hoạch kèm Phụ lục, để sửa câu chữ trước khi ký"
    )
    pdf.add_argument("--lead", metavar="ĐƠN_VỊ", help="Phụ lục chỉ gồm các tiêu chí do đơn vị này chủ trì")


def _excel_parsers(sub: argparse._SubParsersAction) -> None:
    imp = sub.add_parser(
        "import-xlsx",
        help="đọc bảng tiêu chí Excel: tạo tệp đánh giá mới, hoặc nhập điểm vào tệp đã có",
        description="Nếu TỆP chưa có: tạo tệp mới (cần --unit, --year). Nếu TỆP đã có: nhập điểm theo mã tiêu chí.",
    )
    imp.add_argument("table", metavar="BẢNG.xlsx", type=Path)
    imp.add_argument("file", metavar="TỆP", type=Path)
    imp.add_argument("--unit", metavar="ĐƠN_VỊ")
    imp.add_argument("--year", type=int, metavar="NĂM")
    imp.add_argument("--province", default="", metavar="TỈNH")
    imp.add_argument("--id", dest="set_id", metavar="MÃ_BỘ", help="mã đặt cho bộ tiêu chí mới")
    imp.add_argument("--title", metavar="TÊN_BỘ")
    imp.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="CỘT=KỊCH_BẢN",
        help="đổi cách hiểu một cột, ví dụ D=previous hoặc F=none; lặp lại được",
    )
    imp.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi gì")
    exp = sub.add_parser("export-xlsx", help="xuất Phụ lục kế hoạch và bảng tự đánh giá ra Excel")
    exp.add_argument("file", metavar="TỆP", type=Path)
    exp.add_argument("out", metavar="RA.xlsx", type=Path)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand (``desktop.entry`` sends everything else to the app)."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or args_list[0] not in (*COMMANDS, "-h", "--help"):
        first = args_list[0] if args_list else ""
        _parser().error(f"lệnh “{first}” không có; các lệnh: {', '.join(COMMANDS)}")
    args = _parser().parse_args(args_list)
    with reader_may_leave():  # "pardesk set … | head": the work is done, the code is the command's
        return _run(args, args_list)


def _run(args: argparse.Namespace, args_list: list[str]) -> int:
    try:
        _refuse_outputs_over_inputs(args)
        return _COMMANDS[args.command](args)
    except FileRefused as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return REFUSED
    except InputRefused as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return USAGE
    except Refusal as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return REFUSED
    except Exception as exc:  # noqa: BLE001 - a bug: logged with its traceback, told in one line
        from ..errors import log_unexpected

        log = log_unexpected(exc, context="pardesk " + " ".join(args_list))
        print(f"Lỗi không mong muốn ({type(exc).__name__}); chi tiết đã ghi vào {log}.", file=sys.stderr)
        return UNEXPECTED


# The arguments each command writes to; every other path it is given is read.
_OUTPUTS = {
    "new": ("file",),
    "demo": ("file",),
    "import-xlsx": ("file",),
    "export-xlsx": ("out",),
    "pdf": ("plan", "appendix", "report", "explanation", "docx"),
    "pack": ("out",),
    "receive": ("out",),
    "assemble": ("out",),
    "compare": ("out", "pdf"),
}


def _refuse_outputs_over_inputs(args: argparse.Namespace) -> None:
    """Never overwrite what is read: ``pdf f --plan f`` or ``export-xlsx f f`` would replace the
    assessment file with a PDF or a workbook (or write a companion of it)."""
    from ..outputs import check_output_path, refuse_input_as_output

    names = _OUTPUTS.get(args.command, ())
    values = vars(args)
    given = [values[n] for n in names if isinstance(values.get(n), Path | str)]
    outputs = [Path(value) for value in given]
    inputs: list[Path] = []
    for name, value in values.items():
        if name not in names:
            inputs += [v for v in (value if isinstance(value, list) else [value]) if isinstance(v, Path)]
    for value, output in zip(given, outputs, strict=True):
        check_output_path(output, is_folder=str(value).endswith(("/", "\\")))  # "pack f out/": a folder
        refuse_input_as_output(output, *inputs)


def _templates(_args: argparse.Namespace) -> int:
    from ..templates import builtin_sets

    for criteria_set in builtin_sets().values():
        print(f"{criteria_set.id}\t{criteria_set.version}\t{len(criteria_set.tree)} tiêu chí\t{criteria_set.title}")
    return OK


def _new(args: argparse.Namespace) -> int:
    from ..assessment_file.store import AssessmentFile
    from ..exchange.carryover import create_from_last_year, year_warning
    from ..templates import get_set

    criteria_set = get_set(args.template)
    options = {"unit": args.unit, "year": args.year, "province": args.province}
    lines = []
    if args.last_year:
        lines = create_from_last_year(args.file, criteria_set, args.last_year, **options).lines()
    else:
        AssessmentFile.create(args.file, criteria_set, **options).close()
        lines = [warning] if (warning := year_warning(criteria_set, args.year)) else []
    print(f"Đã tạo {args.file} ({criteria_set.id}, {len(criteria_set.tree)} tiêu chí).", file=sys.stderr)
    for line in lines:
        print(line, file=sys.stderr)
    return OK


def _set(args: argparse.Namespace) -> int:
    from ..session import Session

    session = Session.open(args.file)
    try:
        prepared = []
        touched: set[str] = set()
        for scenario in Scenario:
            text = getattr(args, scenario.value)
            if text is not None:
                node, entry = session.prepare_value(args.code, scenario, text)
                prepared.append((node, scenario, entry, "value"))
                touched.add(scenario.value)
        if args.input:
            if args.scenario in touched:
                raise InputRefused(
                    f"Không thể vừa nhập điểm --{args.scenario} vừa nhập số liệu --input cho cùng kịch bản."
                )
            node, entry = session.prepare_inputs(args.code, Scenario(args.scenario), _pairs(args.input))
            prepared.append((node, Scenario(args.scenario), entry, "inputs"))
        if args.deadline is not None:
            session.set_deadline(args.code, args.deadline)
            print(f"{session.node(args.code).label} thời gian hoàn thành: {args.deadline.strip()}", file=sys.stderr)
        texts = any(getattr(args, name) is not None for name in ("explanation", "reason", "response"))
        if not prepared and not texts:
            if args.deadline is not None:
                return 0
            raise InputRefused(
                "Chưa có gì để ghi: dùng --actual, --target, --previous, --appraised, --input, --deadline, "
                "--explanation, --reason hoặc --response."
            )
        permit_texts(session, args)  # all refusals before anything is written
        if prepared:
            session.apply_all(prepared)
        apply_texts(session, args)
        if not prepared:
            return OK
        node = prepared[0][0]
        for _node, scenario, _entry, _field in prepared:
            print(f"{node.label} {scenario.value}: {session.assessment.explain(node.key, scenario)}", file=sys.stderr)
    finally:
        session.close()
    return OK


def _pairs(items: Sequence[str]) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise InputRefused(f"“{item}” phải có dạng TÊN=GIÁ_TRỊ (ví dụ a=200).")
        pairs[name.strip()] = value
    return pairs


def _score(args: argparse.Namespace) -> int:
    from ..session import Session
    from .score_report import has_errors, score_json_text, score_table

    session = Session.open_readonly(args.file)  # scoring changes no byte and leaves no companion
    try:
        assessment, meta = session.assessment, session.meta
        if args.json:
            print(score_json_text(assessment, meta))
        else:
            print(score_table(assessment, meta))
        return FINDINGS if has_errors(assessment) else OK
    finally:
        session.close()


def _settings(args: argparse.Namespace) -> int:
    from ..assessment_file.store import AssessmentFile
    from ..documents.header import HEADER_KEYS, check_settings

    if not args.pairs:
        store = AssessmentFile.open_readonly(args.file)
        with store:
            values = store.settings()
        for key, (label, _example) in HEADER_KEYS.items():
            print(f"{key} = {values.get(key, '')!s}\t# {label}")
        return OK
    from ..session import Session

    clean = check_settings(_pairs(args.pairs))
    session = Session.open(args.file)  # as every writing command: a packed file is refused, untouched
    try:
        store = session.store
        store.write_settings(clean, user=store.settings().get("user", ""))
    finally:
        session.close()
    print(f"Đã lưu {len(clean)} thiết lập.", file=sys.stderr)
    return OK


def _demo(args: argparse.Namespace) -> int:
    from ..demo import write_demo

    write_demo(args.file)
    print(f"Đã ghi tệp mẫu {args.file}.", file=sys.stderr)
    return OK


def _import_xlsx(args: argparse.Namespace) -> int:
    from scoring import Severity

    from ..excel.importing import create_from_table, import_values
    from ..session import Session

    mapping = {k: (None if v.strip().lower() in ("", "none") else v) for k, v in _pairs(args.column).items()}
    if args.file.exists():
        session = Session.open(args.file)
        try:
            report = import_values(session, args.table, mapping=mapping or None, dry_run=args.dry_run)
        finally:
            session.close()
    else:
        if not (args.unit and args.year):
            raise InputRefused("Tạo tệp mới từ bảng Excel cần --unit và --year.")
        if args.dry_run:
            raise InputRefused("--dry-run chỉ dùng khi nhập điểm vào tệp đã có.")
        report = create_from_table(
            args.table,
            args.file,
            unit=args.unit,
            year=args.year,
            province=args.province,
            set_id=args.set_id,
            title=args.title,
            mapping=mapping or None,
        )
    for line in report.lines():
        print(line, file=sys.stderr)
    return FINDINGS if any(f.severity is Severity.ERROR for f in report.findings) else OK


def _export_xlsx(args: argparse.Namespace) -> int:
    from ..excel.exporting import export_workbook
    from ..session import Session

    session = Session.open_readonly(args.file)  # a received file is exported untouched
    try:
        export_workbook(session, args.out)
    finally:
        session.close()
    print(f"Đã xuất {args.out}.", file=sys.stderr)
    return OK


def _pdf(args: argparse.Namespace) -> int:
    from ..assessment_file.fingerprint import short_fingerprint
    from ..documents import Kind, build_pdf
    from ..session import Session

    session = Session.open_readonly(args.file)  # printing never changes the file
    try:
        if args.docx is not None:
            from ..documents.word import build_docx

            result = build_docx(session, args.docx, lead_unit=args.lead)
        else:
            kind, out = next((k, getattr(args, k.value)) for k in Kind if getattr(args, k.value) is not None)
            result = build_pdf(session, kind, out, lead_unit=args.lead)
    finally:
        session.close()
    for warning in result.warnings:
        print(f"Lưu ý: {warning}", file=sys.stderr)
    code = short_fingerprint(result.fingerprint)
    size = "bản Word" if args.docx is not None else f"{result.pages} trang"
    print(f"Đã ghi {result.path} ({size}, mã dữ liệu {code}).", file=sys.stderr)
    return OK


_COMMANDS = {
    "templates": _templates,
    "new": _new,
    "set": _set,
    "score": _score,
    "settings": _settings,
    "demo": _demo,
    "import-xlsx": _import_xlsx,
    "export-xlsx": _export_xlsx,
    "pdf": _pdf,
    **EXCHANGE_HANDLERS,
    **COMPILE_HANDLERS,
}
