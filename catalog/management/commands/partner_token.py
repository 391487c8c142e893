"""`python manage.py partner_token CHANNEL`: issue a new token for the app limited to a partner
channel and print it (shown once: only its hash is kept)."""

from django.core.management.base import BaseCommand, CommandError

from catalog.models import AppChannelAccess
from infra.accounts.app_services import app_token_create


class Command(BaseCommand):
    help = "Issue a new app token for the partner app of CHANNEL (its slug) and print it."

    def add_arguments(self, parser):
        parser.add_argument("channel", help="the partner channel's slug")
        parser.add_argument("--name", default="issued from the command line")

    def handle(self, *args, channel, name, **options):
        access = (
            AppChannelAccess.objects.filter(channel__slug=channel, app__is_active=True)
            .select_related("app")
            .order_by("app_id")
            .first()
        )
        if access is None:
            raise CommandError(f"No active app is limited to the channel '{channel}'.")
        issued = app_token_create(requestor=access.app, app=access.app, name=name)
        self.stdout.write(issued.raw)
