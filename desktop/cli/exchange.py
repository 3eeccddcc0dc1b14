"""The exchange commands of ``pardesk``: pack, verify, receive, round, assemble, compare, evidence.

Verdicts and reports go to stdout (one block per file or conflict), notes to stderr, both in
Vietnamese. Exit codes as everywhere: 0 done, 1 decisions still needed (conflicts, two files of one
unit), 2 refused input, 3 a refused file.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from scoring import Scenario, format_number, local_time

__all__ = ["HANDLERS", "add_parsers", "apply_texts", "permit_texts", "text_options"]

OK, DECISIONS, USAGE, REFUSED = 0, 1, 2, 3
TEXT_OPTIONS = {"reason": "lý do trừ điểm (thẩm định)", "response": "giải trình (vòng giải trình)"}


def _err(text: str) -> None:
    print(text, file=sys.stderr)


def add_parsers(sub: argparse._SubParsersAction) -> None:
    pack = sub.add_parser("pack", help="đóng gói tệp gửi Sở Nội vụ (hoặc gửi lại đơn vị): kiểm tra, chốt vòng, nén")
    pack.add_argument("file", metavar="TỆP", type=Path)
    pack.add_argument("out", metavar="RA.sqlite", help="tệp ra, hoặc thư mục (tên gợi ý đặt sẵn)")
    pack.add_argument("--leave-out-over", type=_megabytes, metavar="MB", help="để lại các tệp đính kèm lớn hơn MB")
    verify = sub.add_parser("verify", help="kiểm tra các tệp nhận được: hợp lệ / cảnh báo / từ chối")
    verify.add_argument("files", nargs="+", metavar="TỆP", type=Path)
    _expect(verify)
    verify.add_argument("--json", action="store_true", help="in một danh sách JSON")
    receive = sub.add_parser("receive", help="nhận một tệp đã kiểm tra thành bản làm việc cho vòng tiếp theo")
    receive.add_argument("file", metavar="TỆP_NHẬN", type=Path)
    receive.add_argument("out", nargs="?", metavar="BẢN_LÀM_VIỆC", type=Path, help="mặc định: cạnh tệp nhận")
    _expect(receive)
    rounds = sub.add_parser("round", help="vòng đánh giá hiện tại của tệp và lịch sử các vòng")
    rounds.add_argument("file", metavar="TỆP", type=Path)
    _assemble_parser(sub)
    _compare_parser(sub)
    evidence = sub.add_parser("evidence", help="thêm tài liệu kiểm chứng cho một tiêu chí")
    evidence.add_argument("file", metavar="TỆP", type=Path)
    evidence.add_argument("code", metavar="MÃ_TIÊU_CHÍ")
    for name, label in (("number", "số ký hiệu"), ("date", "ngày ban hành"), ("issuer", "cơ quan ban hành")):
        evidence.add_argument(f"--{name}", default="", metavar="…", help=label)
    evidence.add_argument("--title", default="", metavar="…", help="trích yếu")
    evidence.add_argument("--attach", type=Path, metavar="TỆP_ĐÍNH_KÈM")


def _megabytes(text: str) -> int:
    """ "0,5" or "0.5" megabytes, in bytes (argparse reports a refusal as a usage error)."""
    from scoring import NumberError, parse_number

    try:
        value = parse_number(text)
    except NumberError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if value < 0:
        raise argparse.ArgumentTypeError("số MB không được âm")
    return int(value * 1024 * 1024)


def _expect(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--template", metavar="MÃ_BỘ", help="bộ tiêu chí phải dùng")
    parser.add_argument("--year", type=int, metavar="NĂM", help="năm đánh giá phải là")


def _assemble_parser(sub: argparse._SubParsersAction) -> None:
    assemble = sub.add_parser("assemble", help="tổng hợp tệp của tỉnh từ tệp các đơn vị, theo đơn vị chủ trì")
    assemble.add_argument("out", metavar="RA.sqlite", type=Path)
    assemble.add_argument("files", nargs="+", metavar="TỆP", type=Path)
    _expect(assemble)
    assemble.add_argument("--newer-wins", action="store_true", help="hai tệp của một đơn vị: lấy tệp đóng gói sau")
    assemble.add_argument(
        "--choose", action="append", default=[], metavar="MÃ=ĐƠN_VỊ", help="chọn bên khi hai đơn vị ghi khác nhau"
    )
    assemble.add_argument("--skip-refused", action="store_true", help="bỏ qua tệp bị từ chối, tổng hợp các tệp còn lại")
    assemble.add_argument("--unit", default="", metavar="ĐƠN_VỊ", help="tên đơn vị của tệp tổng hợp")
    assemble.add_argument("--province", default="", metavar="TỈNH")


def _compare_parser(sub: argparse._SubParsersAction) -> None:
    compare = sub.add_parser("compare", help="so sánh, xếp hạng các đơn vị (Excel; phụ lục PDF nếu cần)")
    compare.add_argument("out", metavar="RA.xlsx", type=Path)
    compare.add_argument("files", nargs="+", metavar="TỆP", type=Path)
    _expect(compare)
    compare.add_argument("--scenario", choices=["actual", "appraised"], help="mặc định: thẩm định nếu mọi tệp đã có")
    compare.add_argument(
        "--skip-refused",
        action="store_true",
        help="bỏ qua tệp bị từ chối, xếp hạng các tệp còn lại (ghi rõ trong bảng, PDF)",
    )
    compare.add_argument("--pdf", type=Path, metavar="RA.pdf", help="bảng xếp hạng thành phụ lục PDF sẵn sàng ký số")
    compare.add_argument(
        "--settings", type=Path, metavar="TỆP_SỞ_NỘI_VỤ", help="tệp có thiết lập văn bản (cơ quan, người ký) cho PDF"
    )


def text_options(parser: argparse.ArgumentParser) -> None:
    """``set``'s text options: explanation, reason for a deduction, giải trình."""
    parser.add_argument("--explanation", metavar="VĂN_BẢN", help="giải trình tự đánh giá (khi chưa có minh chứng)")
    for name, label in TEXT_OPTIONS.items():
        parser.add_argument(f"--{name}", metavar="VĂN_BẢN", help=label)


def _texts(args: argparse.Namespace) -> list[tuple[str, str, str]]:
    """(field, scenario, text) of ``set``'s text options that were given."""
    fields = (("explanation", "explanation", "actual"), ("reason", "reason", "appraised"), ("response", "response", ""))
    return [
        (name, scenario, getattr(args, option))
        for option, name, scenario in fields
        if getattr(args, option) is not None
    ]


def permit_texts(session: Any, args: argparse.Namespace) -> None:
    """Refuse ``set``'s texts before any of its values is written."""
    from scoring.rounds import edit_of_text

    node = session.node(args.code)
    for name, _scenario, _text in _texts(args):
        session.workflow.permit(edit_of_text(name), session.assessment, node, f"Tiêu chí {node.label}")


def apply_texts(session: Any, args: argparse.Namespace) -> bool:
    """Write ``set``'s texts through the session (each refused by the round like any edit)."""
    done = False
    if args.explanation is not None:
        session.set_text(args.code, "explanation", args.explanation, "actual")
        done = True
    if args.reason is not None:
        session.set_reason(args.code, args.reason)
        done = True
    if args.response is not None:
        session.set_response(args.code, args.response)
        done = True
    return done


# ---------------------------------------------------------------- pack, verify, receive, round


def _pack(args: argparse.Namespace) -> int:
    from ..assessment_file.fingerprint import short_fingerprint
    from ..exchange.pack import pack
    from ..session import Session

    over = args.leave_out_over
    out = Path(args.out)  # a folder that does not exist was refused before (commands.main: exit 2)
    session = Session.open(args.file)
    try:
        before = session.workflow.describe()
        result = pack(session, out, leave_out_over=over)
        after = session.workflow.describe()
    finally:
        session.close()
    for warning in result.warnings:
        _err(f"Lưu ý: {warning}")
    if result.left_out:
        _err("Để lại, không gửi kèm: " + ", ".join(result.left_out))
    m = result.manifest
    _err(f"Vòng: {before} → {after}.")
    _err(
        f"Đã đóng gói {result.path} ({m['unit']}, năm {m['year']}, bộ {m['template_id']}, "
        f"mã dữ liệu {short_fingerprint(m['fingerprint'])})."
    )
    return OK


def _line(received: Any) -> str:
    from scoring.rounds import ROUND_LABELS

    def total(scenario: Scenario) -> str:
        return format_number(received.total(scenario), empty="—")

    head = f"{received.verdict.value.upper()} — {received.path.name}"
    if received.meta:
        round_ = ROUND_LABELS[received.round] if received.round else "?"
        head += (
            f": {received.unit}, năm {received.meta.get('year', '')}, bộ {received.meta.get('template_id', '')}, "
            f"vòng {round_}, đóng gói {local_time(received.packed_at) or '—'}, tự đánh giá {total(Scenario.ACTUAL)}, "
            f"thẩm định {total(Scenario.APPRAISED)}"
        )
    return "\n".join([head, *(f"   - {reason}" for reason in received.reasons)])


def _verify(args: argparse.Namespace) -> int:
    from ..exchange.verify import verify_many

    results = verify_many(args.files, template=args.template, year=args.year)
    if args.json:
        print(json.dumps([_as_json(r) for r in results], ensure_ascii=False, indent=1))
    else:
        for received in results:
            print(_line(received))
    refused = sum(1 for r in results if not r.usable)
    _err(f"{len(results)} tệp: {len(results) - refused} nhận được, {refused} từ chối.")
    return REFUSED if refused else OK


def _as_json(received: Any) -> dict[str, Any]:
    def total(scenario: Scenario) -> float | None:
        value = received.total(scenario)
        return None if value is None else float(round(value, 2))

    return {
        "file": str(received.path),
        "verdict": received.verdict.value,
        "reasons": received.reasons,
        "unit": received.unit,
        "year": received.meta.get("year"),
        "template": received.meta.get("template_id"),
        "round": received.round.value if received.round else None,
        "packed_at": received.packed_at or None,
        "fingerprint": received.manifest.get("fingerprint"),
        "actual": total(Scenario.ACTUAL),
        "appraised": total(Scenario.APPRAISED),
        "sha256": received.digest,
    }


def _receive(args: argparse.Namespace) -> int:
    from ..exchange.receive import receive
    from ..session import Session

    target, report = receive(args.file, args.out, template=args.template, year=args.year)
    print(_line(report))
    session = Session.open(target)
    try:
        _err(f"Đã nhận thành bản làm việc {target}: vòng {session.workflow.describe()}.")
    finally:
        session.close()
    return OK


def _round(args: argparse.Namespace) -> int:
    from scoring.rounds import ROUND_LABELS

    from ..assessment_file.rounds import history
    from ..assessment_file.store import AssessmentFile
    from ..exchange.workflow import Workflow

    with AssessmentFile.open_readonly(args.file) as store:
        workflow = Workflow(store)
        print(f"Vòng hiện tại: {workflow.describe()}")
        for record in history(store.conn):
            note = f" — {record.note}" if record.note else ""
            print(f"{local_time(record.ts)}  {ROUND_LABELS[record.round]}  ({record.user}){note}")
    return OK


def _evidence(args: argparse.Namespace) -> int:
    from ..session import Session

    session = Session.open(args.file)
    try:
        node = session.node(args.code)
        values = {"number": args.number, "date": args.date, "issuer": args.issuer, "title": args.title}
        session.evidence.check(values)  # a refused document leaves no attached bytes behind
        sha = session.attach_file(args.attach, for_key=node.key).sha256 if args.attach else None
        doc = session.evidence.add(values, blob_sha256=sha, link_to=node.key)
    finally:
        session.close()
    _err(f"Đã thêm tài liệu #{doc} cho tiêu chí {node.label}.")
    return OK


HANDLERS = {"pack": _pack, "verify": _verify, "receive": _receive, "round": _round, "evidence": _evidence}
