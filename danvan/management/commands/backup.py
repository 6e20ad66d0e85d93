"""Write the whole database and the uploaded files into one zip file; `restore` reads it back."""

import zipfile
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

# XML keeps timestamps to the microsecond; Django's JSON serializer cuts them to milliseconds.
DATA_NAME = "data.xml"
MEDIA_PREFIX = "media/"
# Sessions are transient; content types and permissions are rebuilt by migrate
# and referenced by natural keys in the dump.
EXCLUDED = ["sessions", "contenttypes", "auth.permission"]


class Command(BaseCommand):
    help = "Back up the database (every app) and the media files into a zip file."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        data = StringIO()
        call_command("dumpdata", format="xml", natural_foreign=True, exclude=EXCLUDED, stdout=data, verbosity=0)
        media_root = Path(settings.MEDIA_ROOT)
        with zipfile.ZipFile(file, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(DATA_NAME, data.getvalue())
            media_files = [path for path in media_root.rglob("*") if path.is_file()] if media_root.exists() else []
            for path in media_files:
                archive.write(path, MEDIA_PREFIX + path.relative_to(media_root).as_posix())
        self.stdout.write(f"Backed up to {file} ({len(media_files)} media files).")
