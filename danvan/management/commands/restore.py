"""Replace the database and media files by the content of a `backup` zip file."""

import tempfile
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from danvan.caching import all_data_changed
from danvan.management.commands.backup import DATA_NAME, MEDIA_PREFIX


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup`: every current row is replaced."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, file: Path, yes: bool, **options):
        if not zipfile.is_zipfile(file):
            raise CommandError(f"{file} is not a backup made by `manage.py backup`.", returncode=2)
        if not yes and input("Every current row will be replaced. Type 'yes' to continue: ") != "yes":
            raise CommandError("Restore cancelled.", returncode=2)
        with zipfile.ZipFile(file) as archive, tempfile.TemporaryDirectory() as folder:
            data_file = Path(folder) / DATA_NAME
            data_file.write_bytes(archive.read(DATA_NAME))
            # The backup carries the history tables: loading rows must not write history again.
            with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
                call_command("flush", interactive=False, verbosity=0)
                call_command("loaddata", str(data_file), verbosity=0)
                all_data_changed()  # flush sends no signal: models the backup leaves empty changed too
            self._restore_media(archive)
        self.stdout.write(f"Restored {file}.")

    def _restore_media(self, archive: zipfile.ZipFile) -> None:
        media_root = Path(settings.MEDIA_ROOT)
        for name in archive.namelist():
            if name.startswith(MEDIA_PREFIX) and not name.endswith("/"):
                target = (media_root / name[len(MEDIA_PREFIX) :]).resolve()
                if media_root.resolve() not in target.parents:
                    raise CommandError(f"Unsafe path in backup: {name}", returncode=2)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(archive.read(name))
