"""The back office at 1366 px: every changelist fits the screen (the Vietnamese is checked elsewhere)."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.e2e.conftest import SCREENSHOTS

LONG_TITLE = (
    "Hội nghị tổng kết 15 năm thực hiện Nghị quyết số 09-NQ/TU ngày 19/8/2009 của Tỉnh ủy; tổng kết phong trào "
    "thi đua “Dân vận khéo” giai đoạn 2019 – 2024; sơ kết công tác xây dựng Đảng 6 tháng đầu năm"
)


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_every_changelist_fits_a_1366_pixel_screen(world, django_user_model, live_server, browser):
    """No column is pushed out of view: long names wrap, and no app list sits beside the table."""
    conference = world["conference_a1"]
    type(conference).objects.filter(pk=conference.pk).update(title=LONG_TITLE)
    django_user_model.objects.create_superuser("root", "root@example.org", "mật-khẩu-rất-dài")
    overflowing = {}
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto(f"{live_server.url}{reverse('admin:login')}")
    page.fill("#id_username", "root")
    page.fill("#id_password", "mật-khẩu-rất-dài")
    page.click("input[type=submit]")
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        page.goto(f"{live_server.url}{url}")
        widths = page.evaluate(
            """() => [document.documentElement.scrollWidth,
                      ...[...document.querySelectorAll('#changelist-form .results')].map(
                          box => box.scrollWidth - box.clientWidth)]"""
        )
        if widths[0] > 1366 or any(hidden > 0 for hidden in widths[1:]):
            overflowing[url] = widths
        if model._meta.model_name == "directive":
            page.screenshot(path=str(SCREENSHOTS / "admin-directives-1366.png"))
    context.close()
    assert overflowing == {}
