import pytest
from django.core.management import call_command

from danvan.models import AdministrativeUnit, Era

pytestmark = pytest.mark.django_db


def test_it_can_load_a_few_provinces_only():
    call_command("load_units", province=["08"], verbosity=0)
    assert set(AdministrativeUnit.objects.filter(level="province").values_list("era", "name")) == {
        (Era.PRE_2025, "Tuyên Quang"),
        (Era.FROM_2025, "Tuyên Quang"),
    }
    assert AdministrativeUnit.objects.get(era=Era.FROM_2025, code="02266").predecessions.count() == 3
