"""``pardesk assemble`` and ``pardesk compare``: the province compiled, and the units ranked."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from scoring import Scenario, format_number, local_time

from ..errors import InputRefused

__all__ = ["HANDLERS"]

OK, DECISIONS, USAGE, REFUSED = 0, 1, 2, 3


def _err(text: str) -> None:
    print(text, file=sys.stderr)


def _choices(items: list[str]) -> dict[str, str]:
    found = {}
    for item in items:
        code, sep, unit = item.partition("=")
        if not sep or not code.strip() or not unit.strip():
            raise InputRefused(f'“{item}” phải có dạng MÃ=ĐƠN_VỊ, ví dụ 1.3="Sở Tư pháp".')
        found[code.strip()] = unit.strip()
    return found


def _refused_lines(received: list[Any]) -> None:
    for item in received:
        print(f"TỪ CHỐI — {item.path.name}")
        for reason in item.reasons:
            print(f"   - {reason}")


def _report(assembly: Any) -> None:
    """What the assembly found, each as the officer needs it to decide."""
    from ..exchange.verify import tied

    for group in assembly.duplicates:
        print(f"HAI TỆP CỦA MỘT ĐƠN VỊ — {group[0].unit}:")
        for item in group:
            print(f"   - {item.path.name} (đóng gói {local_time(item.packed_at)})")
        if tied(group):
            print("   Hai tệp đóng gói cùng một lúc (bản sao của cùng một tệp?): hãy bỏ bớt một tệp.")
        else:
            print("   Dùng --newer-wins để lấy tệp đóng gói sau, hoặc bỏ bớt một tệp.")
    for conflict in assembly.conflicts:
        print(f"XUNG ĐỘT — tiêu chí {conflict.label} ({conflict.title}): hai đơn vị chủ trì ghi khác nhau")
        for unit, name, summary in conflict.sides:
            print(f"   - {unit} ({name}): {summary}")
        print(f'   Chọn một bên: --choose {conflict.label}="{conflict.sides[0][0]}"')
    for line in assembly.bad_choices:
        print(f"LỰA CHỌN KHÔNG DÙNG ĐƯỢC — {line}")
    for source in assembly.unused:
        _err(
            f"Tệp {source.name} không được dùng: “{source.unit}” không chủ trì tiêu chí nào trong cột Đơn vị "
            "chủ trì của bộ tiêu chí (tên đơn vị phải như trong cột đó)."
        )
    for item in assembly.superseded:
        _err(f"Bỏ tệp cũ hơn của {item.unit}: {item.path.name} (đóng gói {local_time(item.packed_at)}).")
    if assembly.uncovered:
        shown = ", ".join(f"{n.label} ({lead or 'chưa ghi đơn vị chủ trì'})" for n, lead in assembly.uncovered[:20])
        more = f", … ({len(assembly.uncovered)} tiêu chí)" if len(assembly.uncovered) > 20 else ""
        _err(f"Chưa có tệp của đơn vị chủ trì: {shown}{more}.")
    if assembly.unscored:
        shown = ", ".join(f"{n.label} ({lead})" for n, lead in assembly.unscored[:20])
        more = f", … ({len(assembly.unscored)} tiêu chí)" if len(assembly.unscored) > 20 else ""
        _err(f"Đơn vị chủ trì để trống: {shown}{more}.")


def _assemble(args: argparse.Namespace) -> int:
    from ..exchange.assemble import plan_assembly
    from ..exchange.assemble_write import write_assembly

    assembly = plan_assembly(
        args.files, newer_wins=args.newer_wins, choices=_choices(args.choose), template=args.template, year=args.year
    )
    try:
        _refused_lines(assembly.refused)
        _report(assembly)
        if assembly.refused and not args.skip_refused:
            _err("Chưa tổng hợp: có tệp bị từ chối (dùng --skip-refused để tổng hợp các tệp còn lại).")
            return REFUSED
        if assembly.blocked:
            _err("Chưa tổng hợp: cần quyết định các mục trên; tệp tổng hợp chưa được ghi.")
            return DECISIONS if assembly.sources or assembly.duplicates else REFUSED
        out = write_assembly(assembly, args.out, unit=args.unit, province=args.province)
    finally:
        assembly.close()
    taken = len(assembly.taken)
    used = len({source.name for item in assembly.taken.values() for source in item.sources})
    files = f"{used} trong {len(assembly.sources)} tệp" if used != len(assembly.sources) else f"{used} tệp"
    _err(f"Đã tổng hợp {out}: {taken} mục, lấy từ {files}; nguồn từng tiêu chí ghi trong tệp.")
    return OK


def _compare(args: argparse.Namespace) -> int:
    from ..assessment_file.fingerprint import short_fingerprint
    from ..exchange.compare import BLOCK_LABELS, compare
    from ..exchange.compare_xlsx import export_comparison

    if args.pdf and not args.settings:
        raise InputRefused("In phụ lục PDF cần --settings TỆP (tệp của Sở Nội vụ có thiết lập văn bản, người ký).")
    scenario = Scenario(args.scenario) if args.scenario else None
    comparison = compare(args.files, scenario=scenario, template=args.template, year=args.year)
    _refused_lines(comparison.refused)
    for item in comparison.superseded:
        _err(f"Bỏ tệp cũ hơn của {item.unit}: {item.path.name} (đóng gói {local_time(item.packed_at)}).")
    if comparison.refused and not args.skip_refused:  # a ranking without a unit is decided, never a default
        _err("Chưa so sánh: có tệp bị từ chối (dùng --skip-refused để xếp hạng các tệp còn lại); chưa ghi tệp nào.")
        return REFUSED
    if not comparison.blocks:
        _err("Không có tệp hợp lệ nào để so sánh.")
        return REFUSED
    for block, columns in comparison.blocks.items():
        print(f"Khối {BLOCK_LABELS[block]}:")
        for column in columns:
            rank = column.rank if column.rank is not None else "—"
            index, final = format_number(column.percent, empty="—"), format_number(column.final, empty="—")
            group = "tạm tính, chưa xếp nhóm" if column.provisional else f"nhóm {column.group or '—'}"
            print(f"   {rank}. {column.unit}: {final} điểm, {index}%, {group}")
    out = export_comparison(comparison, args.out)
    _err(f"Đã xuất {out} (mã dữ liệu {short_fingerprint(comparison.fingerprint)}).")
    if args.pdf:
        _pdf(comparison, args)
    return OK


def _pdf(comparison: Any, args: argparse.Namespace) -> None:
    from ..assessment_file.store import AssessmentFile
    from ..documents.ranking import build_ranking_pdf

    with AssessmentFile.open_readonly(args.settings) as store:
        settings = store.settings()
    result = build_ranking_pdf(comparison, settings, args.pdf)
    for warning in result.warnings:
        _err(f"Lưu ý: {warning}")
    _err(f"Đã ghi {result.path} ({result.pages} trang).")


HANDLERS = {"assemble": _assemble, "compare": _compare}
