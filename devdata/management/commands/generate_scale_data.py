"""Generate deterministic benchmark data on the real map: see `devdata.scale_data`."""

import sys

from django.core.management.base import BaseCommand

from devdata import scale_data


class Command(BaseCommand):
    help = "Generate commune, district, province or nation scale data (models, conferences, directives) for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=[*scale_data.SCALES, "nation"], required=True)
        parser.add_argument("--seed", type=int, default=2025)
        parser.add_argument(
            "--province",
            default="08",
            help="pre-2025 province code (default 08, Tuyên Quang); nation scale: the ten of NATION_PROVINCES",
        )
        parser.add_argument("--replace", action="store_true", help="delete the data a previous run generated first")

    def handle(self, *args, scale, seed, province, replace, **options):
        where = f"provinces {', '.join(scale_data.NATION_PROVINCES)}" if scale == "nation" else f"province {province}"
        self.stdout.write(f"Generating {scale} scale data for {where} (seed {seed})…")
        try:
            counts = scale_data.generate(
                scale, seed=seed, province_code=province, replace=replace, log=self.stdout.write
            )
        except scale_data.MapMissing as error:
            self.stderr.write(str(error))
            if scale == "nation":
                provinces = " ".join(f"--province {code}" for code in scale_data.NATION_PROVINCES)
                self.stderr.write(f"Load the map of all of them: `python manage.py load_units {provinces}`.")
            sys.exit(2)
        except scale_data.ScaleDataExists as error:
            self.stderr.write(str(error))
            sys.exit(2)
        seconds = counts.pop("seconds")
        for label, count in counts.items():
            self.stdout.write(f"  {label:<22} {count:>8,}")
        self.stdout.write(self.style.SUCCESS(f"Done in {seconds:.1f} s."))
