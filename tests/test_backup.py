"""A backup restores the demo database without loss."""

from io import StringIO

import pytest
from django.core.management import call_command

from conferences.models import Conference
from models_registry.models import EmulationModel, Transition


def dump() -> str:
    out = StringIO()
    call_command(
        "dumpdata",
        format="xml",
        natural_foreign=True,
        stdout=out,
        verbosity=0,
        exclude=["sessions", "contenttypes", "auth.permission"],
    )
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip_the_demo_database(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_units", province=["08", "42", "91"], verbosity=0)
    call_command("load_demo", stdout=StringIO())
    (settings.MEDIA_ROOT / "registry").mkdir(parents=True)
    (settings.MEDIA_ROOT / "registry" / "mô-hình.pdf").write_bytes(b"%PDF-1.4 tep dinh kem")
    before = dump()
    counts = (Conference.objects.count(), EmulationModel.objects.count(), Transition.objects.count())

    call_command("backup", tmp_path / "backup.zip", stdout=StringIO())
    Conference.objects.all().delete()
    (settings.MEDIA_ROOT / "registry" / "mô-hình.pdf").unlink()
    call_command("restore", tmp_path / "backup.zip", yes=True, stdout=StringIO())

    assert (Conference.objects.count(), EmulationModel.objects.count(), Transition.objects.count()) == counts
    assert counts[0] == 5 and counts[1] == 62
    assert dump() == before
    assert (settings.MEDIA_ROOT / "registry" / "mô-hình.pdf").read_bytes() == b"%PDF-1.4 tep dinh kem"
