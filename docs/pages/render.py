"""Render the demo's plan, appendix and report to PNG pages for people to look at (README: "Documents").

    python docs/pages/render.py          (needs pdftoppm, Debian package poppler-utils)

The demo is the Đắk Nông 2022 plan: its 2021 results and 2022 targets are the seed's. For the
report, which needs a self-assessment the seed does not have, a copy gets illustrative values
(last year's scores, a few changed), two evidence documents, an explanation, a report number
and date and a "Kính gửi".
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
from desktop.session import Session  # noqa: E402
from scoring import Group, Mode, Scenario  # noqa: E402

OUT = Path(__file__).resolve().parent
PAGES = {Kind.PLAN: (1, 2, 3, 4, -1), Kind.APPENDIX: (), Kind.REPORT: (1, 2, 3, -1)}  # -1: the last page


def illustrate_report(session: Session) -> None:
    """A finished self-assessment to report on: every criterion the unit scores itself gets last
    year's score (a few changed), two are documented, one explained; the report goes to Bộ Nội vụ."""
    session.save_settings(
        {"report_number": "5", "report_symbol": "BC-UBND", "report_date": "15/11/2022", "report_to": "Bộ Nội vụ"}
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


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        session = Session.open(write_demo(Path(folder) / "demo.sqlite"), user="minh họa")
        illustrate_report(session)
        for kind, pages in PAGES.items():
            result = build_pdf(session, kind, Path(folder) / f"{kind.value}.pdf")
            pdf = result.path
            for wanted in pages:
                page = result.pages if wanted == -1 else wanted
                target = OUT / f"{kind.value}-{'last' if wanted == -1 else page}"
                subprocess.run(
                    ["pdftoppm", "-png", "-r", "90", "-singlefile", "-f", str(page), "-l", str(page), pdf, target],
                    check=True,
                )
                print(f"{target}.png")
        session.close()


if __name__ == "__main__":
    main()
