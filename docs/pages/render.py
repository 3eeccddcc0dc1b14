"""Render the demo's plan, appendix, report and Báo cáo giải trình to PNG pages to look at (README: "Documents").

    python docs/pages/render.py          (needs pdftoppm, Debian package poppler-utils)

The demo is the Đắk Nông 2022 plan: its 2021 results and 2022 targets are the seed's, section I
restating the published 2021 index (86,26, the sum of its criteria 86,24 said beside it). For the
report, which needs a self-assessment the seed does not have, a copy gets illustrative values
(last year's scores, a few changed), two evidence documents, an explanation, a report number
and date and a "Kính gửi"; for the plan's appendix, deadlines on a few criteria; for the Báo cáo
giải trình, the exchange with the council as it runs (packed, received, appraised, sent back):
the appraisal equals the self-assessment but on three criteria, with the council's reasons and
the unit's answers.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from desktop.demo import write_demo  # noqa: E402
from desktop.documents import Kind, build_pdf  # noqa: E402
from desktop.exchange.pack import pack  # noqa: E402
from desktop.exchange.receive import receive  # noqa: E402
from desktop.session import Session  # noqa: E402
from scoring import Group, Mode, Scenario  # noqa: E402

OUT = Path(__file__).resolve().parent
PAGES = {
    Kind.PLAN: (1, 2, 3, 4, -1),
    Kind.APPENDIX: (3,),  # the Phụ lục alone: a page opening with a row continued from the one before
    Kind.REPORT: (1, 2, 3, -1),
    Kind.EXPLANATION: (1, 2),
}  # -1: the last page
DEADLINES = {"1.1": "Thường xuyên", "1.2": "Trước ngày 15/12/2022", "1.3.1": "Quý III/2022", "1.5": "Quý IV/2022"}
DEDUCTIONS = {  # code: (appraised, the council's reason, the unit's answer)
    "1.5": (
        "1",
        "Sáng kiến chưa được cấp có thẩm quyền công nhận.",
        "Sáng kiến đã được công nhận tại Quyết định số 45/QĐ-UBND ngày 10/01/2022 (gửi kèm).",
    ),
    "2.1.1": (
        "0,5",
        "Chưa ban hành kế hoạch theo dõi thi hành pháp luật đúng thời hạn.",
        "Kế hoạch ban hành ngày 20/01/2022, trong thời hạn quy định; đề nghị Hội đồng xem xét lại.",
    ),
    "3.3.4": (
        "0",
        "Chưa công bố danh mục thủ tục hành chính liên thông.",
        "Danh mục đã công bố tại Quyết định số 112/QĐ-UBND; đơn vị bổ sung tài liệu kiểm chứng.",
    ),
}


def illustrate_report(session: Session) -> None:
    """A finished self-assessment to report on: every criterion the unit scores itself gets last
    year's score (a few changed), two are documented, one explained; the report goes to Bộ Nội vụ."""
    session.save_settings(
        {
            "report_number": "5",
            "report_symbol": "BC-UBND",
            "report_date": "15/11/2022",
            "report_to": "Bộ Nội vụ",
            "published_total": "có",  # the plan restates 2021's index as published (86,26), the sum beside it
        }
    )
    assessment = session.assessment
    for leaf in assessment.tree.leaves():
        if leaf.mode is Mode.SELF and leaf.group is Group.REGULAR and not assessment.is_excluded(leaf):
            previous = assessment.score(leaf.key, Scenario.PREVIOUS)
            session.set_value(leaf.key, Scenario.ACTUAL, previous if previous is not None else "0")
    for code, value in (("1.1", "1,25"), ("1.5", "2"), ("1.6", "1,5")):
        session.set_value(code, Scenario.ACTUAL, value)
    session.evidence.add(
        {"number": "12/BC-SNV", "date": "05/02/2022", "title": "Báo cáo kết quả CCHC quý I năm 2022"},
        link_to="1.2",
    )
    session.evidence.add(
        {"number": "45/QĐ-UBND", "date": "10/01/2022", "title": "Quyết định công nhận sáng kiến CCHC"},
        link_to="1.5",
    )
    session.set_text("1.1", "explanation", "Còn 2 nhiệm vụ của Kế hoạch CCHC chưa hoàn thành đúng hạn.", "actual")
    for code, deadline in DEADLINES.items():  # the appendix's "Thời gian hoàn thành"
        session.set_deadline(code, deadline)


def illustrate_appraisal(session: Session, folder: Path) -> Session:
    """The exchange with the council as it runs: the unit packs and sends its self-assessment; the
    council receives it, cuts three criteria, each with its reason, and sends its result back; the
    unit receives it and answers each deduction, with one more document. Returns the unit's
    giải trình copy, open (``session`` is closed: it was sent)."""
    sent = pack(session, folder / "gui.sqlite").path
    session.close()
    council = Session.open(receive(sent, folder / "tham-dinh.sqlite", user="Hội đồng thẩm định")[0])
    for code, (appraised, reason, _answer) in DEDUCTIONS.items():
        council.set_value(code, Scenario.APPRAISED, appraised)
        council.set_reason(code, reason)
    result = pack(council, folder / "ket-qua.sqlite").path
    council.close()
    unit = Session.open(receive(result, folder / "giai-trinh.sqlite", user="minh họa")[0])
    unit.save_settings(
        {
            "explanation_number": "7",
            "explanation_symbol": "BC-UBND",
            "explanation_date": "10/12/2022",
            "explanation_to": "Hội đồng thẩm định Chỉ số cải cách hành chính",
        }
    )
    for code, (_appraised, _reason, answer) in DEDUCTIONS.items():
        unit.set_response(code, answer)
    unit.evidence.add(
        {"number": "112/QĐ-UBND", "date": "15/03/2022", "title": "Quyết định công bố danh mục TTHC liên thông"},
        link_to="3.3.4",
    )
    return unit


def render(session: Session, kind: Kind, folder: Path) -> None:
    result = build_pdf(session, kind, folder / f"{kind.value}.pdf")
    for wanted in PAGES[kind]:
        page = result.pages if wanted == -1 else wanted
        target = OUT / f"{kind.value}-{'last' if wanted == -1 else page}"
        subprocess.run(
            ["pdftoppm", "-png", "-r", "90", "-singlefile", "-f", str(page), "-l", str(page), result.path, target],
            check=True,
        )
        print(f"{target}.png")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        session = Session.open(write_demo(Path(folder) / "demo.sqlite"), user="minh họa")
        illustrate_report(session)
        for kind in (Kind.PLAN, Kind.APPENDIX, Kind.REPORT):
            render(session, kind, Path(folder))
        unit = illustrate_appraisal(session, Path(folder))  # after the report, as the council's round comes
        render(unit, Kind.EXPLANATION, Path(folder))
        unit.close()


if __name__ == "__main__":
    main()
