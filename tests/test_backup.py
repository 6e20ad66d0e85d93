"""A backup restores the demo database without loss."""

from io import StringIO

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import call_command

from conferences.models import Conference
from models_registry.models import EmulationModel, Transition


def dump() -> list:
    """Every row of every table, many-to-many values sorted (the database returns them in any order)."""
    rows = []
    for model in apps.get_models():
        if model._meta.app_label in ("sessions", "contenttypes") or model._meta.model_name == "permission":
            continue
        for row in serializers.serialize(
            "python", model._default_manager.order_by("pk"), use_natural_foreign_keys=True
        ):
            fields = {key: sorted(value) if isinstance(value, list) else value for key, value in row["fields"].items()}
            rows.append((row["model"], row["pk"], fields))
    return rows


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
    assert counts[0] == 9 and counts[1] == 400
    assert dump() == before
    assert (settings.MEDIA_ROOT / "registry" / "mô-hình.pdf").read_bytes() == b"%PDF-1.4 tep dinh kem"
