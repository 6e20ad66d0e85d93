"""The back office speaks Vietnamese on every page a superuser opens, third-party apps included.

The admins are discovered from `admin.site._registry`: a newly registered model is
checked without touching this file. Each page's visible text (tags, scripts and
styles stripped; screen-reader text kept) must hold none of the English words the
untranslated admin shows.
"""

import re
from html import unescape

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse

from tests.test_back_office import _axes_row, _person, _rubric, _task_result

pytestmark = pytest.mark.django_db

# Whole words, case-sensitive: what Django's, axes' and django-tasks' English UI prints.
ENGLISH = [
    "Access",
    "Task",
    "Tasks",
    "Result",
    "Results",
    "Show counts",
    "Sessions",
    "Status",
    "Full name",
    "Skip to main content",
    "Toggle theme",
    "Model name",
    "Add",
    "Change",
    "Delete",
    "View",
    "Save",
    "Filter",
    "Search",
    "Action",
    "History",
    "Import",
    "Export",
    "By",
    "Yes",
    "No",
    "All",
    "Any date",
    "Today",
    "Home",
    "Close",
    "Can add",
    "Can change",
    "Can delete",
    "Can view",
    "Lock version",
    "Ready",
    "Running",
    "Failed",
    "Successful",
    "Path",
    "Attempt",
    "Username",
    "Password",
    "Enabled",
    "Disabled",
    "User Agent",
    "IP Address",
    "Meta Data",
    "Form Data",
    "Locked Out",
    "Not set",
    "object",
    "historical",
    "draft",
    "registered",
    "submit",
    "create",
    "priority",
    "queue",
    "traceback",
    "run after",
]
# Common English words that no Vietnamese sentence contains, in any case.
ENGLISH_PROSE = ["the", "and", "you", "your", "will", "with", "this", "not", "for", "of"]
UI_WORDS = "|".join(map(re.escape, ENGLISH))
ENGLISH_PATTERN = re.compile(rf"\b(?:{UI_WORDS})\b|\b(?i:{'|'.join(ENGLISH_PROSE)})\b")


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style|template)\b.*?</\1>", " ", html, flags=re.S | re.I)
    text = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", unescape(text))


def english_in(text: str) -> list[str]:
    hits = ENGLISH_PATTERN.finditer(text)
    return [f"{hit.group(0)!r} in …{text[max(hit.start() - 40, 0) : hit.end() + 40]}…" for hit in hits]


def test_the_pattern_catches_the_english_admin():
    """The untranslated back office as it was: the check below is not vacuous."""
    assert english_in("AXES Access attempts Lọc Show counts Bởi Attempt Time Có Không")
    assert english_in("TASKS DATABASE BACKEND".title() + " Task Results")
    assert english_in("After you’ve created a user, you’ll be able to edit more user options.")
    assert not english_in("Cổng thông tin Dân vận: quản trị Hội nghị Nam Hồng 2024 root admin@example.org")


def _admin_urls(model, model_admin, request) -> list[str]:
    """Changelist, add (where permitted), and change, history and delete pages of one row."""
    name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    urls = [reverse(f"{name}_changelist")]
    if model_admin.has_add_permission(request):
        urls.append(reverse(f"{name}_add"))
    obj = model_admin.get_queryset(request).first()
    assert obj is not None, f"no sample row for {model._meta.label}"
    urls += [reverse(f"{name}_{view}", args=[obj.pk]) for view in ("change", "history")]
    if model_admin.has_delete_permission(request, obj):
        urls.append(reverse(f"{name}_delete", args=[obj.pk]))
    return urls


@pytest.fixture
def superuser_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("root", "root@example.org", "mật-khẩu-rất-dài")
    client.force_login(user)
    return client


def test_every_admin_page_a_superuser_opens_is_in_vietnamese(world, superuser_client):
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        _axes_row(model)
    _task_result()
    Group.objects.create(name="Văn phòng")
    _person(world["organization_a1"])
    _rubric(world["organization_a1"])
    request = superuser_client.get(reverse("admin:index")).wsgi_request
    urls = [reverse("admin:index"), reverse("admin:password_change")]
    for model, model_admin in admin.site._registry.items():
        urls += [reverse("admin:app_list", args=[model._meta.app_label]), *_admin_urls(model, model_admin, request)]
    found = []
    for url in dict.fromkeys(urls):
        response = superuser_client.get(url)
        assert response.status_code == 200, url
        found += [f"{url}: {hit}" for hit in english_in(visible_text(response.content.decode()))]
    assert found == []
    assert len(urls) > 60


def _cell(html: str, column: str) -> list[str]:
    cells = re.findall(rf'<td class="field-{column}[^"]*">(.*?)</td>', html, re.S)
    return [visible_text(cell).strip() for cell in cells]


def _readonly(html: str, field: str) -> str:
    row = re.search(rf'<div class="[^"]*field-{field}\b.*?<div class="readonly">(.*?)</div>', html, re.S)
    return visible_text(row.group(1)).strip()


def test_years_and_versions_print_plain_while_counts_keep_their_separator(world, superuser_client):
    """Vietnamese groups thousands with a dot: a year must not read "2.024", a count of 1500 still reads "1.500"."""
    model, conference = world["model_a1"], world["conference_a1"]  # registered in 2024: read-only
    type(conference).objects.filter(pk=conference.pk).update(status="final", participant_count=1500, version=1000)
    document = world["recognition_a1"].decision
    type(document).objects.filter(pk=document.pk).update(year=2024)

    changelist = superuser_client.get(reverse("admin:models_registry_emulationmodel_changelist")).content.decode()
    assert set(_cell(changelist, "registration_year")) == {"2024"}
    assert ">2024<" in changelist  # the year filter
    model_page = superuser_client.get(reverse("admin:models_registry_emulationmodel_change", args=[model.pk]))
    assert _readonly(model_page.content.decode(), "registration_year") == "2024"

    conferences = superuser_client.get(reverse("admin:conferences_conference_changelist")).content.decode()
    assert "1000" in _cell(conferences, "version")
    conference_page = superuser_client.get(reverse("admin:conferences_conference_change", args=[conference.pk]))
    assert _readonly(conference_page.content.decode(), "version") == "1000"
    assert _readonly(conference_page.content.decode(), "participant_count") == "1.500"

    document_page = superuser_client.get(reverse("admin:danvan_document_change", args=[document.pk])).content.decode()
    assert 'name="year" value="2024"' in document_page  # the editable field
    for page in (changelist, model_page.content.decode(), conferences, conference_page.content.decode(), document_page):
        assert not re.search(r"\b2\.024\b|\b1\.000\b", visible_text(page))
