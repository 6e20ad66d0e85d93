"""Project-wide guarantees: migrations, translations, formats, demo set-up."""

import datetime
from io import StringIO
from pathlib import Path

import polib
import pytest
from django import forms
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from danvan.models import Membership, Organization, Role

pytestmark = pytest.mark.django_db


def test_no_model_change_lacks_a_migration():
    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())


def test_every_vietnamese_message_is_translated():
    catalog = polib.pofile(str(Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.po"))
    untranslated = [entry.msgid for entry in catalog if not entry.translated() and not entry.obsolete]
    fuzzy = [entry.msgid for entry in catalog.fuzzy_entries()]
    assert untranslated == [] and fuzzy == []


def test_unprefixed_urls_are_vietnamese_even_for_an_english_browser(client, django_user_model):
    client.force_login(django_user_model.objects.create(username="reader"))
    vietnamese = client.get(reverse("unit-list"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Bản đồ hành chính" in vietnamese.content.decode()
    with translation.override("en"):
        english_url = reverse("unit-list")
    assert english_url == "/en/units/"
    assert "Administrative map" in client.get(english_url).content.decode()


def test_dates_are_typed_and_shown_day_first():
    class DateForm(forms.Form):
        day = forms.DateField()

    with translation.override("vi"):
        form = DateForm({"day": "05/03/2024"})
        assert form.is_valid()
        assert form.cleaned_data["day"] == datetime.date(2024, 3, 5)
        rendered = Template('{{ day|date:"SHORT_DATE_FORMAT" }} {{ n }}').render(
            Context({"day": datetime.date(2024, 3, 5), "n": 3654})
        )
    assert rendered == "05/03/2024 3.654"


def test_the_demo_password_works_only_in_debug(settings, db):
    call_command("load_units", province=["08", "42", "91"], verbosity=0)
    call_command("load_demo", stdout=StringIO())
    request = RequestFactory().post("/accounts/login/")
    settings.DEBUG = True
    assert authenticate(request, username="huyen.lambinh", password=settings.DEMO_PASSWORD) is not None
    settings.DEBUG = False
    assert authenticate(request, username="huyen.lambinh", password=settings.DEMO_PASSWORD) is None


def test_load_demo_sets_up_every_role_and_can_run_twice(db):
    call_command("load_units", province=["08", "42", "91"], verbosity=0)
    call_command("load_demo", stdout=StringIO())
    counts = (Organization.objects.count(), Membership.objects.count())
    call_command("load_demo", stdout=StringIO())
    assert (Organization.objects.count(), Membership.objects.count()) == counts
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)
    names = set(Organization.objects.values_list("name", flat=True))
    assert {
        "Đảng ủy xã Sơn Lâm",
        "Đảng ủy phường Nam Hồng",
        "Huyện ủy Lâm Bình",
        "Ban Dân vận Huyện ủy Lâm Bình",
        "Đảng ủy xã Phú Lợi",
        "Ban Dân vận Huyện ủy Giang Thành",
    } <= names
    board = Organization.objects.get(name="Ban Dân vận Huyện ủy Lâm Bình")
    assert board.issuer_code == "BDVHU"
    assert board.letterhead == ("HUYỆN ỦY LÂM BÌNH", "BAN DÂN VẬN")
    assert Organization.objects.get(name="Huyện ủy Lâm Bình").letterhead == (
        "ĐẢNG BỘ TỈNH TUYÊN QUANG",
        "HUYỆN ỦY LÂM BÌNH",
    )


def test_load_demo_explains_a_missing_map(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="load_units"):
        call_command("load_demo", stdout=StringIO())
