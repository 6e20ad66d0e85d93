"""Personas on a small hierarchy, named after what they may see.

Province P ─┬─ District A ─┬─ Commune A1
            │              └─ Commune A2
            └─ District B ─── Commune B1
"""

import datetime
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from conferences.services import create_conference
from danvan.documents import parse_document_number
from danvan.models import Era, Role, UnitKind
from danvan.organizations import central_committee, committee_for, mass_mobilization_board_for
from models_registry.models import Attachment, Field
from models_registry.services import perform, publish_decision, register_model
from reports.periods import parse_period
from reports.services import ReportRequest, issue_report
from tests.factories import AdministrativeUnitFactory, MembershipFactory, UserFactory

ON = datetime.date(2024, 7, 17)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: SQLite reuses the ids that cache keys are made of."""
    cache.clear()


@pytest.fixture(autouse=True)
def vietnamese_by_default():
    """Each test starts in Vietnamese: a request to /en/ must not leak into the next test's reverse()."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


@dataclass
class Hierarchy:
    province: object
    district_a: object
    district_b: object
    commune_a1: object
    commune_a2: object
    commune_b1: object


@pytest.fixture
def hierarchy(db) -> Hierarchy:
    province = AdministrativeUnitFactory(code="42", name="Hà Tĩnh", kind=UnitKind.PROVINCE, era=Era.PRE_2025)
    district_a = AdministrativeUnitFactory(code="439", name="Hương Sơn", kind=UnitKind.RURAL_DISTRICT, parent=province)
    district_b = AdministrativeUnitFactory(code="437", name="Hồng Lĩnh", kind=UnitKind.DISTRICT_TOWN, parent=province)
    return Hierarchy(
        province=province,
        district_a=district_a,
        district_b=district_b,
        commune_a1=AdministrativeUnitFactory(code="18145", name="Sơn Lâm", kind=UnitKind.COMMUNE, parent=district_a),
        commune_a2=AdministrativeUnitFactory(code="18148", name="Sơn Kim 1", kind=UnitKind.COMMUNE, parent=district_a),
        commune_b1=AdministrativeUnitFactory(code="18118", name="Nam Hồng", kind=UnitKind.WARD, parent=district_b),
    )


def _member(username: str, organization, role: str):
    membership = MembershipFactory(user=UserFactory(username=username), organization=organization, role=role)
    return membership.user


@pytest.fixture
def province_staff(hierarchy):
    """Sees and changes the whole province."""
    return _member("province_staff", mass_mobilization_board_for(hierarchy.province, on=ON), Role.PROVINCE_STAFF)


@pytest.fixture
def district_a_staff(hierarchy):
    """Sees and changes district A and its communes; nothing of district B."""
    return _member("district_a_staff", mass_mobilization_board_for(hierarchy.district_a, on=ON), Role.DISTRICT_STAFF)


@pytest.fixture
def district_a_leader(hierarchy):
    """Reads and prints district A; changes nothing."""
    return _member("district_a_leader", committee_for(hierarchy.district_a), Role.LEADERSHIP)


@pytest.fixture
def commune_a1_official(hierarchy):
    """Sees and changes commune A1 only."""
    return _member("commune_a1_official", committee_for(hierarchy.commune_a1), Role.COMMUNE_OFFICIAL)


@pytest.fixture
def commune_b1_official(hierarchy):
    """Sees and changes commune B1 only."""
    return _member("commune_b1_official", committee_for(hierarchy.commune_b1), Role.COMMUNE_OFFICIAL)


@pytest.fixture
def commune_a1_registrar(hierarchy):
    """A second official of commune A1 who registers models: four eyes, the decision is someone else's."""
    return _member("commune_a1_registrar", committee_for(hierarchy.commune_a1), Role.COMMUNE_OFFICIAL)


@pytest.fixture
def commune_a2_registrar(hierarchy):
    return _member("commune_a2_registrar", committee_for(hierarchy.commune_a2), Role.COMMUNE_OFFICIAL)


@pytest.fixture
def commune_b1_registrar(hierarchy):
    return _member("commune_b1_registrar", committee_for(hierarchy.commune_b1), Role.COMMUNE_OFFICIAL)


@pytest.fixture
def system_admin(db):
    """Administers everything through the central organization (not a Django superuser)."""
    return _member("system_admin", central_committee(), Role.SYSTEM_ADMIN)


@pytest.fixture
def client_for():
    def make(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


def _world_for(place, official, registrar, hierarchy, tmp_media):
    organization = committee_for(place)
    conference = create_conference(
        organizer=organization,
        fields={"kind": "so_ket", "title": f"Hội nghị {place.name}", "held_on": datetime.date(2024, 7, 17)},
        directives=[{"text": "Rà soát mô hình.", "responsible_organizations": [organization]}],
    )
    model = register_model(
        organization=organization,
        fields={
            "name": f"Mô hình {place.name}",
            "subject_kind": "collective",
            "field": Field.objects.get_or_create(code="kinh-te", defaults={"name": "Kinh tế"})[0],
            "registration_year": 2024,
        },
        acting_user=official,
        submit=True,
    )
    recognized = register_model(
        organization=organization,
        fields={
            "name": f"Mô hình tiêu biểu {place.name}",
            "subject_kind": "collective",
            "field": Field.objects.get_or_create(code="kinh-te", defaults={"name": "Kinh tế"})[0],
            "registration_year": 2024,
        },
        acting_user=registrar,  # four eyes: the official who decides did not submit it
        submit=True,
    )
    perform(recognized, "start_review", actor=official, level="commune")
    perform(
        recognized,
        "recognize",
        actor=official,
        decision=parse_document_number(f"{place.code}-QĐ/ĐU"),
        decided_on=datetime.date(2024, 9, 1),
        deciding_organization=organization,
    )
    recognition = recognized.recognitions.get()
    attachment = Attachment.objects.create(
        emulation_model=model, title="Bản đăng ký", file=SimpleUploadedFile("dang-ky.pdf", b"%PDF-1.4 demo")
    )
    report = issue_report(
        ReportRequest(kind="conferences", organization=organization, user=official, period=parse_period("2024")),
        in_background=False,
    )
    return {
        "report": report,
        "organization": organization,
        "conference": conference,
        "directive": conference.directives.get(),
        "model": model,
        "recognition": recognition,
        "announcement": publish_decision(recognition.decision, organization=organization, acting_user=official),
        "attachment": attachment,
        "unit": place,
    }


@pytest.fixture
def world(
    hierarchy, commune_a1_official, commune_b1_official, commune_a1_registrar, commune_b1_registrar, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    inside = _world_for(hierarchy.commune_a1, commune_a1_official, commune_a1_registrar, hierarchy, tmp_path)
    outside = _world_for(hierarchy.commune_b1, commune_b1_official, commune_b1_registrar, hierarchy, tmp_path)
    return {f"{key}_a1": value for key, value in inside.items()} | {
        f"{key}_b1": value for key, value in outside.items()
    }


@pytest.fixture
def open_back_office(monkeypatch):
    """Let every staff persona through the site's gate, which tests/test_back_office_access.py checks.

    Only superusers, system administrators and province staff work in the back office;
    the scoping inside it must hold for whoever is let in all the same.
    """
    monkeypatch.setattr("danvan.back_office.needs_back_office", lambda user: user.is_active and user.is_staff)
