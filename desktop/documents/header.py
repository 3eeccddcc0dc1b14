"""The document header settings stored in each file (Nghị định 30/2020/NĐ-CP ô 1–9)."""

from __future__ import annotations

from collections.abc import Mapping

from scoring import DateError, fold, parse_date

from ..errors import InputRefused

__all__ = ["HEADER_KEYS", "PRODUCT_FOOTER", "PUBLISHED_TOTAL", "UNIT_LEVELS", "check_settings", "chosen"]

PUBLISHED_TOTAL = "published_total"  # "có": section I restates the published index, not the sum
PRODUCT_FOOTER = "product_footer"  # "có": the footer names PAR Desk beside the data fingerprint
_CHOICES = {"co": "có", "khong": "không", "": ""}

# key -> (label shown to the officer, example)
HEADER_KEYS: dict[str, tuple[str, str]] = {
    "unit": ("Tên đơn vị", "Sở Nội vụ tỉnh Quảng Ninh"),
    "province": ("Tỉnh, thành phố", "Quảng Ninh"),
    "parent_agency": ("Cơ quan chủ quản (ô 2, dòng trên)", "UBND TỈNH QUẢNG NINH"),
    "issuing_agency": ("Cơ quan ban hành (ô 2, dòng dưới)", "SỞ NỘI VỤ"),
    "place": ("Địa danh (ô 4)", "Quảng Ninh"),
    "doc_number": ("Số văn bản (ô 3)", "05"),
    "doc_symbol": ("Ký hiệu văn bản (ô 3)", "KH-SNV"),
    "doc_date": ("Ngày ban hành (ô 4)", "05/02/2026"),
    "doc_title": ("Trích yếu (ô 5a)", "Cải thiện, nâng cao Chỉ số CCHC năm 2026"),
    "report_number": ("Số báo cáo tự đánh giá", "12"),
    "report_symbol": ("Ký hiệu báo cáo tự đánh giá", "BC-SNV"),
    "report_date": ("Ngày báo cáo tự đánh giá", "15/11/2026"),
    "explanation_number": ("Số báo cáo giải trình", "20"),
    "explanation_symbol": ("Ký hiệu báo cáo giải trình", "BC-SNV"),
    "explanation_date": ("Ngày báo cáo giải trình", "10/12/2026"),
    "explanation_to": ("Kính gửi của báo cáo giải trình, mỗi dòng một nơi", "Hội đồng thẩm định Chỉ số CCHC tỉnh"),
    "signer_authority": ("Quyền hạn ký (ô 7a)", "KT. GIÁM ĐỐC"),
    "signer_title": ("Chức vụ người ký (ô 7b)", "PHÓ GIÁM ĐỐC"),
    "signer_name": ("Họ tên người ký (ô 7c)", "Nguyễn Văn A"),
    "recipients": ("Nơi nhận (ô 9b), mỗi dòng một nơi", "- UBND tỉnh (b/c);"),
    "report_to": ("Kính gửi của báo cáo (ô 9a), mỗi dòng một nơi", "Sở Nội vụ tỉnh Quảng Ninh"),
    "report_recipients": (
        "Nơi nhận của báo cáo, mỗi dòng một nơi",
        "Để trống: “- Như trên;” khi có Kính gửi, nếu không thì như Nơi nhận của Kế hoạch",
    ),
    "archive": ("Lưu (dòng cuối Nơi nhận)", "VT, CCHC"),
    PUBLISHED_TOTAL: (
        "Mục I của Kế hoạch in tổng điểm năm trước theo số đã công bố, không theo tổng cộng (có/không)",
        "có",
    ),
    PRODUCT_FOOTER: ("Ghi tên phần mềm PAR Desk cạnh mã dữ liệu ở chân trang (có/không)", "không"),
    "user": ("Người nhập liệu (ghi vào lịch sử thay đổi)", "Trần Thị B"),
    # which block the unit is ranked in when Sở Nội vụ compares units (empty: from the unit's name)
    "unit_level": ("Khối xếp hạng: so (sở, ban, ngành) hoặc xa (xã, phường, đặc khu)", "so"),
}
UNIT_LEVELS = ("so", "xa")


def check_settings(values: Mapping[str, str]) -> dict[str, str]:
    """Validate settings given as text; returns them normalised (dates as ISO)."""
    clean: dict[str, str] = {}
    for key, raw in values.items():
        if key not in HEADER_KEYS:
            known = ", ".join(HEADER_KEYS)
            raise InputRefused(f"Không có thiết lập “{key}”. Các thiết lập: {known}.")
        value = raw.strip()
        if key.endswith("_date") and value:
            try:
                value = parse_date(value).isoformat()
            except DateError as exc:
                raise InputRefused(f"{HEADER_KEYS[key][0]}: {exc}") from None
        if key.endswith("_number") and value and not value.isdigit():
            raise InputRefused(f"{HEADER_KEYS[key][0]} “{value}” chỉ gồm chữ số (ví dụ 05).")
        if key in (PUBLISHED_TOTAL, PRODUCT_FOOTER):
            if fold(value) not in _CHOICES:
                raise InputRefused(f"{HEADER_KEYS[key][0]}: hãy ghi “có” hoặc “không” (không phải “{value}”).")
            value = _CHOICES[fold(value)]
        if key == "unit_level" and value not in ("", *UNIT_LEVELS):
            raise InputRefused(f"{HEADER_KEYS[key][0]}: “{value}” không hợp lệ; ghi so hoặc xa.")
        if key.endswith("_symbol") and " " in value:
            raise InputRefused(f"{HEADER_KEYS[key][0]} “{value}” không được có dấu cách (ví dụ KH-SNV).")
        clean[key] = value
    return clean


def chosen(settings: Mapping[str, str], key: str) -> bool:
    """Whether a có/không setting says "có" (unset: không)."""
    return settings.get(key, "") == "có"
