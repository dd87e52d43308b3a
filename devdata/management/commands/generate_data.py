"""``manage.py generate_data --events N``: realistic, translated records at scale.

For benchmarks and load tests, never for a production database: ``--clear``
deletes every event, proposal, person and organisation first.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from devdata.generate import DEFAULT_UNTIL, clear_generated_data, generate_data


def positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise CommandError(f"Expected a whole number, got {value!r}.") from None
    if number < 1:
        raise CommandError(f"Expected a number of at least 1, got {number}.")
    return number


def iso_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Expected a date as YYYY-MM-DD, got {value!r}.") from None


class Command(BaseCommand):
    help = (
        "Generate N realistic dialogue events in Kyrgyz, Russian and English over ten years and all "
        "regions, with proposals, participants, presentations and agenda items."
    )

    def add_arguments(self, parser):
        parser.add_argument("--events", type=positive_int, required=True, help="How many events to create.")
        parser.add_argument(
            "--seed", type=int, default=1, help="The same seed gives the same data (default 1)."
        )
        parser.add_argument(
            "--until",
            type=iso_date,
            default=DEFAULT_UNTIL,
            help=f"Last day of the ten-year window, YYYY-MM-DD (default {DEFAULT_UNTIL}).",
        )
        parser.add_argument(
            "--batch-size", type=positive_int, default=500, help="Events per batch of inserts."
        )
        parser.add_argument(
            "--no-history",
            action="store_false",
            dest="history",
            help="Skip the history entries (faster; the admin shows no history for these records).",
        )
        parser.add_argument(
            "--clear",
            action="store_true",
            help="Delete every event, proposal, person and organisation first.",
        )
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Do not ask before --clear deletes data.",
        )

    def handle(self, *args, events, seed, until, batch_size, history, clear, interactive, **options):
        if clear:
            if interactive:
                answer = input(
                    "This deletes EVERY event, proposal, person and organisation in the database.\n"
                    "Type 'yes' to continue: "
                )
                if answer.strip().lower() != "yes":
                    raise CommandError("Nothing was deleted or generated.")
            counts = clear_generated_data()
            self.stdout.write(
                "Deleted {events} events, {proposals} proposals, {people} people, "
                "{organizations} organisations (with the rows they held).".format(**counts)
            )
        try:
            report = generate_data(
                events=events, seed=seed, until=until, batch_size=batch_size, history=history
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {report.events} events ({report.published} published), "
                f"{report.proposals} proposals, {report.participations} participations, "
                f"{report.presentations} presentations, {report.agenda_items} agenda items; "
                f"{report.people_created} new people, {report.organizations_created} new organisations "
                f"in {report.seconds:.1f} s."
            )
        )
