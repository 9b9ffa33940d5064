"""`manage.py load_demo`: the demo commune, loaded by every app's registered demo loader
(qms.demo): organisation, people and documents, processes, objectives and indicators.
DEBUG only."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from qms import demo


class Command(BaseCommand):
    help = (
        "Load the demo data: the services of a mid-sized commune, demo users (password "
        "'demo'), a document library in every state, the process register, the municipal "
        "programme with its objectives and indicators and three years of measurements. "
        "Idempotent. Refused unless DEBUG is on."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Refused: the demo data creates users with a known password, so it is loaded "
                "only when DEBUG is on (DEBUG=1)."
            )
        try:
            demo.load_all(stdout=self.stdout)
        except demo.DemoRefused as error:
            raise CommandError(str(error)) from error
