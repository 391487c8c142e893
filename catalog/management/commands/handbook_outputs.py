"""Make a handbook's PDF and data package now, in this process (no Celery needed).

manage.py handbook_outputs --county 540402 --edition 2025 [--only pdf|package]
"""

import time

from django.core.management.base import BaseCommand, CommandError

from catalog.handbook_outputs.services import handbook_package_generate, handbook_pdf_generate
from catalog.models import Handbook

GENERATORS = {"pdf": handbook_pdf_generate, "package": handbook_package_generate}


class Command(BaseCommand):
    help = "Render a net goods handbook's PDF and shop data package and store them."

    def add_arguments(self, parser):
        parser.add_argument("--county", required=True, help="GB/T 2260 code of the county")
        parser.add_argument("--edition", required=True, type=int, help="the edition (year)")
        parser.add_argument("--only", choices=sorted(GENERATORS), help="make just this output")

    def handle(self, *args, county: str, edition: int, only: str | None, **options):
        handbook = Handbook.objects.filter(county__code=county, edition=edition).first()
        if handbook is None:
            raise CommandError(f"No handbook for county {county}, edition {edition}.")
        for kind, generate in GENERATORS.items():
            if only and kind != only:
                continue
            started = time.perf_counter()
            name = generate(handbook_id=handbook.pk)
            elapsed = time.perf_counter() - started
            self.stdout.write(f"{kind}: {name} ({elapsed:.1f} s)")
