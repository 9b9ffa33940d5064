"""`manage.py load_demo`: the demo commune, its people and its documents (DEBUG only)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from documents.demo import DemoRefused, load_demo


class Command(BaseCommand):
    help = (
        "Load the demo data: the services of a mid-sized commune, demo users (password "
        "'demo') and a document library in every state. Idempotent. Refused unless DEBUG is on."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Refused: the demo data creates users with a known password, so it is loaded "
                "only when DEBUG is on (DEBUG=1)."
            )
        try:
            load_demo(stdout=self.stdout)
        except DemoRefused as error:
            raise CommandError(str(error)) from error
