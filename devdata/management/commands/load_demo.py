"""``manage.py load_demo``: the complete Batken open dialogue of 2021, published, and a demo admin."""

import argparse

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils.translation import gettext as _

from core.text import translated_value
from devdata.demo import DemoDataError, demo_load


class Command(BaseCommand):
    help = (
        "Load the demo event (Batken open dialogue, 8 July 2021) in Kyrgyz, Russian and English, "
        "published, and ensure the demo administrator exists. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--admin",
            action=argparse.BooleanOptionalAction,
            default=None,
            help=(
                "Create the demo superuser (MAEK_DEMO_ADMIN_USERNAME / MAEK_DEMO_ADMIN_PASSWORD) or "
                "reset its password. Default: only when DEBUG is on, since its password is known."
            ),
        )

        parser.add_argument(
            "--site-url",
            default="http://127.0.0.1:8000",
            help="Where the site is served, for the admin address printed at the end.",
        )

    def handle(self, *args, **options):
        with_admin = settings.DEBUG if options["admin"] is None else options["admin"]
        try:
            result = demo_load(with_admin=with_admin)
        except DemoDataError as error:
            raise CommandError(str(error)) from error

        event = result.event
        self.stdout.write(
            self.style.SUCCESS(
                _("Demo event loaded: %(title)s (%(slug)s), %(proposals)s proposals, published.")
                % {
                    "title": translated_value(event, "title")[0],
                    "slug": event.slug,
                    "proposals": event.proposals.count(),
                }
            )
        )
        if result.admin_username:
            self.stdout.write(
                _("Admin login: %(username)s / %(password)s at %(url)s")
                % {
                    "username": result.admin_username,
                    "password": result.admin_password,
                    "url": options["site_url"].rstrip("/") + reverse("admin:index"),
                }
            )
        else:
            self.stdout.write(
                self.style.WARNING(
                    _(
                        "No demo administrator was created (DEBUG is off). Use “manage.py "
                        "createsuperuser”, or “load_demo --admin” on a machine no one else can reach."
                    )
                )
            )
