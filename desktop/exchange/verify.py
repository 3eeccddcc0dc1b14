"""Verify received files: hostile until proven otherwise, a Vietnamese verdict with its reasons.

On top of ``check_file`` (read-only, authorizer, ``quick_check``, only our objects, sizes; an
older version read through an upgraded private copy): the manifest is present and whole, the data
fingerprint and the seal match the content, the manifest agrees with the file, the embedded
criteria set is the one its hash names, every attachment matches its hash, the round is one a
sent file can be in, and the criteria set and year are the expected ones. The received file is
only ever read: its SHA-256 is taken before and after, and a difference is a bug, not a verdict.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from pathlib import Path

from scoring import Assessment, CriteriaTree, Scenario, home_key
from scoring.criteria_set import tree_hash
from scoring.rounds import RECEIVED, ROUND_LABELS, Round

from ..assessment_file.fingerprint import fingerprint, short_fingerprint
from ..assessment_file.lock import connected_here
from ..assessment_file.rounds import current_round
from ..assessment_file.schema import SCHEMA_VERSION
from ..assessment_file.store import AssessmentFile, StoredAssessment
from ..errors import FileRefused
from .manifest import AUDITED, COUNTED, FORMAT, FORMAT_1, REQUIRED, audit_summary, counts, read_manifest, seal

__all__ = ["Received", "Verdict", "by_unit", "digest", "packed_time", "verify", "verify_many"]

_CHUNK = 1 << 20
_META_FIELDS = {
    "unit": "đơn vị",
    "year": "năm",
    "template_id": "mã bộ tiêu chí",
    "template_version": "phiên bản bộ tiêu chí",
    "template_hash": "mã băm bộ tiêu chí",
}

_COUNT_LABELS = {
    "nodes": "số tiêu chí",
    "entries": "số điểm đã ghi",
    "texts": "số nội dung chữ",
    "documents": "số tài liệu minh chứng",
    "evidence_links": "số liên kết minh chứng",
    "attachments": "số tệp đính kèm",
    "attachments_bytes": "dung lượng tệp đính kèm",
    "attachments_left_out": "số tệp đính kèm để lại",
    "attachments_left_out_bytes": "dung lượng tệp đính kèm để lại",
}


class Verdict(StrEnum):
    VALID = "hợp lệ"
    WARNING = "cảnh báo"
    REFUSED = "từ chối"


def _n(count: int) -> str:
    """ "131.072": thousands grouped with dots, as Vietnamese writes them."""
    return f"{count:,}".replace(",", ".")


def digest(path: Path) -> str:
    """SHA-256 of a file's bytes ("" when it cannot be read)."""
    sha = hashlib.sha256()
    try:
        with Path(path).open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                sha.update(chunk)
    except OSError:
        return ""
    return sha.hexdigest()


@dataclass
class Received:
    """One received file after verification. While open (``keep``), ``store`` reads it read-only."""

    path: Path
    digest: str
    verdict: Verdict = Verdict.VALID
    reasons: list[str] = field(default_factory=list)
    manifest: dict[str, str] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)
    round: Round | None = None
    store: AssessmentFile | None = None
    stored: StoredAssessment | None = None
    _assessment: Assessment | None = None

    @property
    def assessment(self) -> Assessment | None:
        """The scores, worked out on first use (assembling needs only the entries, not totals)."""
        if self._assessment is None and self.stored is not None and self.usable:
            stored = self.stored
            self._assessment = Assessment(stored.criteria_set.tree, stored.entries, stored.not_applicable)
        return self._assessment

    def refuse(self, reason: str) -> None:
        self.verdict = Verdict.REFUSED
        self.reasons.append(reason)

    def warn(self, reason: str) -> None:
        if self.verdict is Verdict.VALID:
            self.verdict = Verdict.WARNING
        self.reasons.append(reason)

    @property
    def usable(self) -> bool:
        return self.verdict is not Verdict.REFUSED

    @property
    def unit(self) -> str:
        return self.meta.get("unit", "")

    @property
    def packed_at(self) -> str:
        return self.manifest.get("packed_at", "")

    @property
    def identity(self) -> tuple[str, str, str]:
        """(criteria set id, its hash, year): files that can be assembled or compared share it."""
        return (self.meta.get("template_id", ""), self.meta.get("template_hash", ""), self.meta.get("year", ""))

    def total(self, scenario: Scenario) -> Decimal | None:
        return None if self.assessment is None else self.assessment.totals(scenario).final

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None


class Shared:
    """What files of one batch share: trees built from identical node rows, and their hashes."""

    def __init__(self) -> None:
        self.trees: dict[tuple[object, ...], CriteriaTree] = {}
        self.hashes: dict[int, str] = {}

    def tree_hash(self, tree: CriteriaTree) -> str:
        found = self.hashes.get(id(tree))
        if found is None:
            found = self.hashes[id(tree)] = tree_hash(tree)
        return found


def verify(
    path: Path,
    *,
    template: str | None = None,
    year: int | None = None,
    keep: bool = False,
    shared: Shared | None = None,
) -> Received:
    """Verify one received file; with ``keep`` a usable file stays open for reading (close it).
    ``shared`` lets a batch build each distinct criteria set once."""
    path = Path(path)
    if connected_here(path):  # a file this process edits: hashing it here would drop its SQLite locks
        result = Received(path, "")
        result.refuse(f"Tệp “{path.name}” đang được sửa trong một cửa sổ PAR Desk này; hãy đóng cửa sổ đó rồi thử lại.")
        return result
    result = Received(path, digest(path))
    try:
        _verify_into(result, shared or Shared())
        _expect(result, template, year)
    except FileRefused as exc:
        result.refuse(str(exc))
    if not (keep and result.usable):
        result.close()
    if digest(path) != result.digest:  # pragma: no cover - verify must never write; this is a bug
        raise AssertionError(f"verify changed {path}")
    return result


def verify_many(
    paths: Iterable[Path], *, template: str | None = None, year: int | None = None, keep: bool = False
) -> list[Received]:
    """Verify each file; without an expected set and year, the files' most common ones are expected."""
    shared = Shared()
    results = [verify(p, template=template, year=year, keep=keep, shared=shared) for p in paths]
    identities = Counter(r.identity for r in results if r.usable)
    if len(identities) > 1:
        expected, _count = identities.most_common(1)[0]
        for result in results:
            if result.usable and result.identity != expected:
                result.refuse(_outlier(result, expected))
                result.close()
    return results


def packed_time(received: Received) -> dt.datetime:
    """When the file was packed (its manifest's time with offset); unknown sorts first."""
    try:
        return dt.datetime.fromisoformat(received.packed_at)
    except ValueError:
        return dt.datetime.min.replace(tzinfo=dt.UTC)


def by_unit(results: Iterable[Received]) -> list[list[Received]]:
    """The usable files grouped by unit, newest packed first: one unit however its name is spelled,
    with or without its province ("Sở Tư pháp tỉnh Đắk Nông" is "Sở Tư pháp": ``scoring.units``)."""
    groups: dict[str, list[Received]] = {}
    for received in results:
        if received.usable:
            groups.setdefault(home_key(received.unit, received.meta.get("province", "")), []).append(received)
    return [sorted(group, key=packed_time, reverse=True) for group in groups.values()]


def tied(group: list[Received]) -> bool:
    """Two files of one unit packed at the same moment: copies of one file, no newer one to take."""
    return len(group) > 1 and packed_time(group[0]) == packed_time(group[1])


def _outlier(result: Received, expected: tuple[str, str, str]) -> str:
    set_id, set_hash, year = result.identity
    if set_id != expected[0]:
        return f"Tệp dùng bộ tiêu chí “{set_id}”, khác bộ “{expected[0]}” của các tệp còn lại."
    if set_hash != expected[1]:
        return f"Bộ tiêu chí “{set_id}” của tệp cùng mã nhưng khác nội dung với bộ của các tệp còn lại."
    return f"Tệp của năm {year}, khác năm {expected[2]} của các tệp còn lại."


def _verify_into(result: Received, shared: Shared) -> None:
    store = result.store = AssessmentFile.open_readonly(result.path)
    conn = store.conn
    result.meta = store.meta()
    version = _file_version(result.path)
    if version < SCHEMA_VERSION:
        result.warn(f"Tệp định dạng cũ (phiên bản {version}), đã đọc qua bản nâng cấp riêng; tệp gốc giữ nguyên.")
    manifest = result.manifest = read_manifest(conn)
    if not manifest:
        raise FileRefused(
            "Tệp chưa được đóng gói bằng “Gửi Sở Nội vụ” (không có phần kê khai), nên không biết tệp có bị "
            "sửa sau khi gửi hay không; đề nghị đơn vị đóng gói và gửi lại."
        )
    _complete(manifest)
    content = fingerprint(conn)
    if content != manifest["fingerprint"]:
        result.refuse(
            f"Mã dữ liệu không khớp: phần kê khai ghi {short_fingerprint(manifest['fingerprint'])}, nội dung "
            f"tính được {short_fingerprint(content)} — tệp đã bị sửa sau khi đóng gói."
        )
    if seal(manifest, conn) != manifest["seal"]:
        result.refuse(
            "Dấu niêm phong của phần kê khai không khớp: phần kê khai, vòng đánh giá hoặc nhật ký thay đổi "
            "đã bị sửa sau khi đóng gói."
        )
    result.round = current_round(conn)
    _agrees(result, counts(conn))
    _audit_log(result, audit_summary(conn))
    result.stored = stored = store.read(trees=shared.trees)
    if shared.tree_hash(stored.criteria_set.tree) != result.meta.get("template_hash"):
        result.refuse(
            f"Bộ tiêu chí trong tệp khác bộ “{stored.criteria_set.id}” mà tệp khai (mã, điểm tối đa hoặc "
            "quy tắc chấm đã bị sửa)."
        )
    _attachments(result)
    if result.round not in RECEIVED:
        result.refuse(f"Tệp ở vòng “{ROUND_LABELS[result.round]}”, không phải vòng của một tệp được gửi đi.")


def _complete(manifest: dict[str, str]) -> None:
    """A manifest of a format we know, with every key that format declares."""
    known = {FORMAT: (*REQUIRED, *AUDITED), FORMAT_1: REQUIRED}
    required = known.get(manifest.get("format", ""))
    if required is None:
        raise FileRefused(
            f"Phần kê khai của tệp theo định dạng lạ “{manifest.get('format', '')}”: tệp do phiên bản PAR Desk "
            "mới hơn đóng gói hoặc không phải tệp đóng gói của PAR Desk."
        )
    missing = [key for key in required if key not in manifest]
    if missing:
        raise FileRefused(f"Phần kê khai của tệp không đầy đủ (thiếu: {', '.join(missing)}).")


def _audit_log(result: Received, found: dict[str, str]) -> None:
    """The history the file carries is the one packed: no line deleted, edited or added since."""
    manifest = result.manifest
    if manifest.get("format") == FORMAT_1:
        result.warn(
            "Tệp đóng gói theo định dạng cũ (pardesk-packed-1): nhật ký thay đổi chưa được niêm phong, "
            "nên không kiểm được nhật ký có bị sửa sau khi gửi hay không; điểm và minh chứng vẫn được kiểm."
        )
        return
    declared, present = manifest["audit_rows"], found["audit_rows"]
    if declared != present:
        result.refuse(
            f"Nhật ký thay đổi bị sửa sau khi đóng gói: phần kê khai ghi {declared} dòng, tệp có {present} dòng."
        )
    elif manifest["audit_hash"] != found["audit_hash"]:
        result.refuse(
            "Nhật ký thay đổi bị sửa sau khi đóng gói: nội dung các dòng khác với lúc gửi (mã băm không khớp)."
        )


def _file_version(path: Path) -> int:
    """The schema version the file itself declares (its header's user_version; the store may be
    reading an upgraded private copy)."""
    from ..assessment_file.header import read_header

    return int.from_bytes(read_header(path)[60:64], "big")


def _agrees(result: Received, found: dict[str, str]) -> None:
    """The manifest says what the file holds: its identity, round and every count."""
    manifest, meta = result.manifest, result.meta
    for key, label in _META_FIELDS.items():
        if manifest.get(key) != meta.get(key, ""):
            result.refuse(f"Phần kê khai ghi {label} “{manifest.get(key)}” nhưng tệp ghi “{meta.get(key, '')}”.")
    if result.round is not None and manifest.get("round") != result.round.value:
        result.refuse(f"Phần kê khai ghi vòng “{manifest.get('round')}” nhưng tệp ở vòng “{result.round.value}”.")
    wrong = [_COUNT_LABELS[name] for name in COUNTED if manifest.get(name) != found[name]]
    if wrong:
        result.refuse(f"Số liệu trong phần kê khai không khớp với tệp ({'; '.join(wrong)}).")
    left_out = int(found["attachments_left_out"])
    if left_out:
        size = int(found["attachments_left_out_bytes"])
        result.warn(f"{left_out} tệp đính kèm ({_n(size)} byte) không kèm theo: đơn vị đã để lại khi gửi.")


def _attachments(result: Received) -> None:
    """Each attached file's bytes hash to the name it is stored under."""
    assert result.store is not None
    conn = result.store.conn
    for rowid, sha, name in conn.execute("SELECT rowid, sha256, name FROM blobs WHERE data IS NOT NULL").fetchall():
        check = hashlib.sha256()
        with conn.blobopen("blobs", "data", rowid, readonly=True) as blob:
            while chunk := blob.read(_CHUNK):
                check.update(chunk)
        if check.hexdigest() != sha:
            result.refuse(f"Tệp đính kèm “{name}” bị sửa hoặc hỏng (mã băm không khớp).")


def _expect(result: Received, template: str | None, year: int | None) -> None:
    if not result.meta:
        return
    found_set, found_year = result.meta.get("template_id", ""), result.meta.get("year", "")
    if template is not None and found_set != template:
        result.refuse(f"Tệp dùng bộ tiêu chí “{found_set}”, không phải bộ “{template}” đang thẩm định.")
    if year is not None and found_year != str(year):
        result.refuse(f"Tệp là đánh giá năm {found_year}, không phải năm {year}.")
