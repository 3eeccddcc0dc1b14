"""Evidence, explanations, comments and their history: every score can be defended."""

import hashlib
import os
import tracemalloc

import pytest

from desktop.assessment_file.attachments import export_attachment, store_attachment
from desktop.errors import InputRefused
from desktop.session import Session
from scoring import Kind, Scenario

A = Scenario.ACTUAL


@pytest.fixture
def session(tmp_path):
    from desktop.demo import write_demo

    opened = Session.open(write_demo(tmp_path / "demo.sqlite"), user="Lan")
    yield opened
    opened.close()


def no_evidence(session, key):
    return [f for f in session.assessment.node_findings(key) if f.kind is Kind.NO_EVIDENCE]


def test_score_without_evidence_or_explanation_is_a_finding_until_one_is_given(session, tmp_path):
    session.set_value("1.1", A, "1,5")
    session.set_value("1.2", A, "0,5")
    assert no_evidence(session, "1.1") and no_evidence(session, "1.2")
    assert "1.1: tự chấm 1,50 điểm nhưng chưa có tài liệu kiểm chứng" in no_evidence(session, "1.1")[0].message
    scan = tmp_path / "kh-cchc.pdf"
    scan.write_bytes(b"%PDF-1.4 ke hoach " * 1000)
    attachment = store_attachment(session.store.path, scan)
    book = session.evidence
    doc = book.add(
        {"number": "2357/QĐ-UBND", "date": "30/12/2021", "issuer": "UBND tỉnh", "title": "Kế hoạch CCHC 2022"},
        blob_sha256=attachment.sha256,
        link_to="1.1",
    )
    book.link("1.2", doc)
    session.refresh_support()
    assert not no_evidence(session, "1.1") and not no_evidence(session, "1.2")
    book.unlink("1.2", doc)
    session.refresh_support()
    assert not no_evidence(session, "1.1") and no_evidence(session, "1.2")
    session.set_text("1.2", "explanation", "Báo cáo định kỳ gửi đúng hạn, xem sổ công văn đi.", "actual")
    assert not no_evidence(session, "1.2")
    assert [d.criteria for d in book.documents()] == [("1.1",)]
    assert book.documents()[0].label() == "2357/QĐ-UBND ngày 30/12/2021 — Kế hoạch CCHC 2022"


def test_zero_and_survey_scores_need_no_evidence(session):
    session.set_value("1.2", A, "0")
    session.set_value("8.1", A, "8,57")  # SIPAS is scored by the survey, not the unit
    assert not no_evidence(session, "1.2") and not no_evidence(session, "8.1")


def test_an_attached_file_comes_back_byte_identical_and_is_stored_once(session, tmp_path):
    data = os.urandom(3 * 1024 * 1024 + 17)
    source = tmp_path / "bien-ban.docx"
    source.write_bytes(data)
    first = store_attachment(session.store.path, source)
    again = store_attachment(session.store.path, source)
    assert (first.sha256, again.reused) == (hashlib.sha256(data).hexdigest(), True)
    assert session.evidence.attachments_size() == len(data)
    out = export_attachment(session.store.conn, first.sha256, tmp_path / "out")
    assert out.read_bytes() == data and out.name.endswith("bien-ban.docx")


def test_a_50_mb_attachment_streams_without_holding_it_in_memory(session, tmp_path):
    source = tmp_path / "ho-so.zip"
    with source.open("wb") as handle:
        for _ in range(50):
            handle.write(os.urandom(1024 * 1024))
    seen = []
    tracemalloc.start()
    attachment = store_attachment(session.store.path, source, progress=lambda done, total: seen.append(done))
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert attachment.size == 50 * 1024 * 1024
    assert peak < 8 * 1024 * 1024  # chunks of 1 MB, never the whole file
    assert seen[-1] == attachment.size and len(seen) == 50


def test_removing_a_document_drops_its_unused_file(session, tmp_path):
    source = tmp_path / "a.pdf"
    source.write_bytes(b"x" * 1000)
    sha = store_attachment(session.store.path, source).sha256
    doc = session.evidence.add({"number": "1/BC", "title": "Báo cáo"}, blob_sha256=sha, link_to="1.1")
    assert session.evidence.remove(doc) == ["1.1"]
    assert session.evidence.attachments_size() == 0


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"number": "", "title": ""}, "cần có số ký hiệu hoặc trích yếu"),
        ({"number": "5/KH", "date": "32/01/2026"}, "không phải là ngày hợp lệ"),
    ],
)
def test_bad_documents_are_refused_and_nothing_is_saved(session, values, message):
    history = len(session.store.audit())
    with pytest.raises(InputRefused, match=message):
        session.evidence.add(values, link_to="1.1")
    assert session.evidence.documents() == [] and len(session.store.audit()) == history


def test_missing_or_unreadable_attachment_is_refused(session, tmp_path):
    with pytest.raises(InputRefused, match="Không tìm thấy tệp đính kèm"):
        store_attachment(session.store.path, tmp_path / "none.pdf")
    with pytest.raises(InputRefused, match="không phải là một tệp"):
        store_attachment(session.store.path, tmp_path)


def test_a_duplicate_number_warns_but_is_allowed(session):
    session.evidence.add({"number": "12/QĐ-UBND", "title": "Quyết định A"})
    _clean, warnings = session.evidence.check({"number": "12/QĐ-UBND", "title": "Quyết định B"})
    assert warnings == ["Đã có tài liệu số “12/QĐ-UBND”; vẫn lưu thành tài liệu riêng."]
    session.evidence.add({"number": "12/QĐ-UBND", "title": "Quyết định B"})
    assert len(session.evidence.documents()) == 2


def test_the_audit_log_records_every_kind_of_change_and_survives_reopening(session, tmp_path):
    edit = session.set_value("1.1", A, "1")
    session.restore(edit.key, edit.scenario, edit.old)  # undo is its own entry
    session.set_text("1.1", "explanation", "Giải trình", "actual")
    doc = session.evidence.add({"number": "9/KH", "title": "KH"}, link_to="1.1")
    session.evidence.unlink("1.1", doc)
    comment = session.evidence.add_comment("1.1", "Sở Nội vụ: đề nghị bổ sung báo cáo quý")
    session.evidence.remove_comment(comment)
    qn_like = [r for r in session.store.audit() if r["user"] == "Lan"]
    fields = [r["field"] for r in qn_like]
    assert fields == [
        "value",
        "undo",
        "text:explanation",
        "document:add",
        "evidence:link",
        "evidence:unlink",
        "comment:add",
        "comment:remove",
    ]
    path = session.store.path
    session.close()
    again = Session.open(path)
    try:
        assert [r["field"] for r in again.store.audit() if r["user"] == "Lan"] == fields
        assert again.store.audit("1.1")[-1]["old"] == "Sở Nội vụ: đề nghị bổ sung báo cáo quý"
    finally:
        again.close()


def test_comments_are_kept_apart_from_explanations(session):
    session.evidence.add_comment("1.1", "Ghi chú của chuyên viên")
    assert [c.text for c in session.evidence.comments("1.1")] == ["Ghi chú của chuyên viên"]
    assert session.store.texts("explanation") == {}
    with pytest.raises(InputRefused, match="trống"):
        session.evidence.add_comment("1.1", "  ")
