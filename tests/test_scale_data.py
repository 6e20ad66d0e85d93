"""The nation scale generator, on two provinces and a few rows each: deterministic, one province
at a time, its first province the province scale's own rows, and a clear message without a map."""

import io

import pytest
from django.core.management import call_command

from conferences.models import Conference, Directive
from danvan.models import AdministrativeUnit, Era
from devdata import scale_data
from devdata.scale_data import Scale
from models_registry.models import EmulationModel

SMALL = Scale(models=60, conferences=8, attendees=100, people=50, directives=16)  # 40 attendees at the biggest
PROVINCES = ("08", "06")


def _fingerprint(province_code: str) -> list[tuple]:
    path_start = AdministrativeUnit.objects.get(era=Era.PRE_2025, code=province_code).path
    models = EmulationModel.objects.filter(registering_organization__path__startswith=path_start)
    conferences = Conference.objects.filter(organizer__path__startswith=path_start)
    return sorted(models.values_list("name", "unit__code", "registration_year", "status", "level_reached")) + sorted(
        conferences.values_list("title", "held_on")
    )


@pytest.fixture
def two_provinces(db):
    call_command("load_units", province=list(PROVINCES), verbosity=0)


def test_nation_scale_fills_every_province_deterministically(two_provinces):
    counts = scale_data.generate_nation(provinces=PROVINCES, size=SMALL, log=lambda line: None)

    assert counts["models"] == 2 * SMALL.models == EmulationModel.objects.count()
    assert counts["conferences"] == 2 * SMALL.conferences == Conference.objects.count()
    assert counts["directives"] == Directive.objects.count() > 0
    first = {code: _fingerprint(code) for code in PROVINCES}
    assert all(len(rows) == SMALL.models + SMALL.conferences for rows in first.values())
    assert first["08"] != first["06"]  # each province its own seed, not a copy

    with pytest.raises(scale_data.ScaleDataExists):
        scale_data.generate_nation(provinces=PROVINCES, size=SMALL, log=lambda line: None)
    scale_data.generate_nation(provinces=PROVINCES, size=SMALL, replace=True, log=lambda line: None)
    assert {code: _fingerprint(code) for code in PROVINCES} == first
    assert EmulationModel.objects.count() == 2 * SMALL.models

    # The nation's first province holds the rows the province scale generates for it.
    scale_data.generate("province", province_code="08", size=SMALL, replace=True, log=lambda line: None)
    assert _fingerprint("08") == first["08"]


def test_nation_scale_without_the_map_names_the_command_that_loads_it(db):
    stderr = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("generate_scale_data", scale="nation", stderr=stderr, stdout=io.StringIO())
    assert exited.value.code == 2
    assert "load_units --province 08 --province 02" in stderr.getvalue()
    assert not EmulationModel.objects.exists()
