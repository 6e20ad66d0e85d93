"""The four fields every province uses (DOMAIN 1.2); provinces add their own in the admin."""

STANDARD_FIELDS = [
    ("kinh-te", "Kinh tế", 1),
    ("van-hoa-xa-hoi", "Văn hóa – xã hội", 2),
    ("quoc-phong-an-ninh", "Quốc phòng – an ninh", 3),
    ("xay-dung-he-thong-chinh-tri", "Xây dựng hệ thống chính trị", 4),
]


def ensure_standard_fields(field_model) -> None:
    """Create the standard fields that are missing (a flushed test database has none)."""
    for code, name, order in STANDARD_FIELDS:
        field_model.objects.get_or_create(code=code, defaults={"name": name, "order": order})
