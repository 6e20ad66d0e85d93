"""The portal's own error pages: in the user's language, in the site's layout, with a way back home."""

import pytest
from django.test import Client, RequestFactory
from django.urls import path, reverse
from django.views.defaults import server_error

import danvan.urls
from danvan.organizations import committee_for

MAIN_MENU = 'aria-label="Điều hướng chính"'
HOME_BUTTON = 'href="/">Về trang chủ</a>'


def broken_view(request):
    raise RuntimeError("a bug in a view")


# The project's URLs and one view that fails, for the 500 page (@pytest.mark.urls(__name__)).
urlpatterns = [*danvan.urls.urlpatterns, path("broken/", broken_view)]


@pytest.fixture(autouse=True)
def in_production(settings):
    settings.DEBUG = False


@pytest.mark.django_db
def test_a_missing_page_is_explained_in_vietnamese_with_the_menu(client_for, commune_a1_official):
    response = client_for(commune_a1_official).get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy trang" in html
    assert MAIN_MENU in html and HOME_BUTTON in html
    assert "Quay lại trang trước" not in html  # nothing to go back to


@pytest.mark.django_db
def test_the_error_page_leads_back_to_the_page_the_user_came_from(client_for, commune_a1_official):
    came_from = "http://testserver/conferences/?q=th%C3%B4n"
    response = client_for(commune_a1_official).get("/no-such-page/", HTTP_REFERER=came_from)
    assert f'href="{came_from}">Quay lại trang trước</a>' in response.content.decode()


@pytest.mark.django_db
def test_a_forbidden_action_is_explained_in_vietnamese(client_for, district_a_leader, hierarchy):
    # Leadership reads the communes of its district but changes nothing there.
    commune = committee_for(hierarchy.commune_a1)
    response = client_for(district_a_leader).get(reverse("organization-edit", args=[commune.pk]))
    html = response.content.decode()
    assert response.status_code == 403
    assert "Không được phép" in html and "Vai trò của bạn không cho phép thực hiện việc này." in html
    assert MAIN_MENU in html and HOME_BUTTON in html


@pytest.mark.django_db
def test_a_form_sent_without_its_csrf_token_gets_the_portals_page(commune_a1_official):
    client = Client(enforce_csrf_checks=True)
    client.force_login(commune_a1_official)
    response = client.post(reverse("logout"))
    html = response.content.decode()
    assert response.status_code == 403
    assert "Biểu mẫu chưa được gửi" in html and "tải lại trang rồi gửi lại biểu mẫu" in html
    assert MAIN_MENU in html and HOME_BUTTON in html


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_a_failing_view_gives_the_500_page_with_the_header_and_a_way_home():
    response = Client(raise_request_exception=False).get("/broken/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Đã xảy ra lỗi" in html and "Lỗi đã được ghi lại." in html
    assert 'class="navbar-brand fw-bold" href="/">Cổng thông tin Dân vận</a>' in html and HOME_BUTTON in html


def test_the_500_page_needs_no_request_context_nor_the_database():
    # No django_db mark: a query while rendering would fail this test.
    response = server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Đã xảy ra lỗi" in html and HOME_BUTTON in html


@pytest.mark.django_db
def test_the_english_site_has_english_error_pages(commune_a1_official):
    client = Client(enforce_csrf_checks=True)
    client.force_login(commune_a1_official)
    not_found = client.get("/en/no-such-page/").content.decode()
    assert "Page not found" in not_found and 'href="/en/">Go to the home page</a>' in not_found
    refused = client.post("/en/accounts/logout/").content.decode()
    assert "The form was not sent" in refused and "Biểu mẫu" not in refused
