"""A movement summary's snapshot without a database: as long as asked, shaped like the real one."""

THEMES = [
    "vận động nhân dân hiến đất làm đường",
    "giữ gìn vệ sinh môi trường khu dân cư",
    "phát triển kinh tế hộ gia đình",
    "tự quản an ninh trật tự",
]


def synthetic_snapshot(annex_rows: int, figure_groups: int = 0) -> dict:
    """A district's summary: `annex_rows` recognized models, `figure_groups` conferences of two key figures."""
    themes = [*THEMES, "bảo tồn bản sắc văn hóa dân tộc Tày, Dao", "camera an ninh kết nối khu dân cư"]
    levels = ["Cấp xã", "Cấp huyện", "Cấp tỉnh", "Cấp Trung ương"]
    fields = ["Kinh tế", "Văn hóa – xã hội", "Quốc phòng – an ninh", "Xây dựng hệ thống chính trị"]
    annex = [
        {
            "name": f"Mô hình “{themes[index % len(themes)].capitalize()}” số {index + 1}",
            "carrier": f"Chi hội Nông dân thôn {index % 9 + 1} (Đảng ủy xã Số {index % 20 + 1})",
            "field": fields[index % len(fields)],
            "kind": "Tập thể",
            "level": levels[index % 7 % len(levels)],
            "decision": f"{index % 50 + 1}-QĐ/ĐU ngày 20/11/2023",
        }
        for index in range(annex_rows)
    ]
    key_figures = [
        {
            "conference": f"Hội nghị sơ kết công tác dân vận số {group + 1} (15/06/2023)",
            "figures": [
                {"number": 1, "indicator": "Mô hình “Dân vận khéo” được công nhận", "value": "6", "unit": "mô hình"},
                {"number": 2, "indicator": "Ý kiến của nhân dân được giải quyết", "value": "83", "unit": "ý kiến"},
            ],
        }
        for group in range(figure_groups)
    ]
    by_level = [{"level": level, "count": 10 * (4 - rank)} for rank, level in enumerate(levels)]
    matrix = [{"label": field, "cells": [12, 3, 9, 2, 4, 1, 1, 0, 0, 0], "recognized": 17} for field in fields]
    return {
        "issuer": {
            "name": "Ban Dân vận Huyện ủy Số 1",
            "letterhead_lines": ["HUYỆN ỦY SỐ 1", "BAN DÂN VẬN"],
            "place_name": "Số 1",
            "issuer_code": "BDVHU",
            "signer_authority": "",
            "signer_title": "TRƯỞNG BAN",
        },
        "report_date": "2025-01-15",
        "report_date_short": "15/01/2025",
        "place_date": "Số 1, ngày 15 tháng 01 năm 2025",
        "number": "Số \xa0\xa0\xa0\xa0\xa0\xa0-BC/BDVHU",
        "number_code": "\xa0\xa0\xa0\xa0\xa0\xa0-BC/BDVHU",
        "document_kind": "BÁO CÁO",
        "subject": "Tổng kết phong trào thi đua “Dân vận khéo” năm 2023",
        "period": "năm 2023",
        "signer_name": "",
        "recipients": ["Ban Dân vận Tỉnh ủy (để báo cáo)", "Các đảng ủy xã, thị trấn", "Lưu VT."],
        "data": {
            "levels": ["Cấp xã", "Cấp huyện", "Cấp tỉnh", "Cấp TW"],
            "kinds": ["Tập thể", "Cá nhân"],
            "matrix": matrix,
            "matrix_total": {"label": "Tổng cộng", "cells": [48, 12, 36, 8, 16, 4, 4, 0, 0, 0], "recognized": 68},
            "registered": 60,
            "registered_by_kind": [48, 12],
            "recognized": 68,
            "recognized_models": annex_rows,
            "recognized_by_level": by_level,
            "recognized_levels": "cấp xã 40, cấp huyện 30, cấp tỉnh 20, cấp Trung ương 10",
            "stopped": 1,
            "cumulative": {"models": 300, "by_level": by_level, "levels": "cấp xã 40, cấp huyện 30"},
            "top_units": [{"name": f"Đảng ủy xã Số {n + 1}", "registered": 9 - n, "recognized": 5} for n in range(5)],
            "annex": annex,
            "conferences": {
                "held": figure_groups,
                "participants": 100 * figure_groups,
                "by_kind": [{"kind": "Sơ kết", "count": figure_groups}],
                "key_figures": key_figures,
            },
        },
    }
