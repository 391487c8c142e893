"""`python manage.py demo`: load every package's demo data, idempotently."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Load demo data for every package (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load demo data even though DEBUG is off.",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError(
                "Refusing to load demo data with DEBUG off (use --allow-production)."
            )
        for step_path in settings.DEMO_STEPS:
            step = import_string(step_path)
            with transaction.atomic():
                step(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
