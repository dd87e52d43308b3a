"""The in-process half of the page benchmark: load a database, list the pages, count queries.

Run by bench/pages.py in a child process whose environment points DATABASE_URL at the
benchmark database and sets production-like settings (DEBUG off). Each step prints
one JSON object on its last line of output:

    python bench/pages_django.py load --events 10000 [--seed 1] [--no-history]
    python bench/pages_django.py inspect [--repeat 5]

``load`` migrates, generates N events and adds two showcase events: one with 30
proposals (the public detail page measured) and one with 100 proposals and 30
participations (the admin change page measured), plus a superuser for the admin.
``inspect`` returns the URLs to measure and, for each page, the SQL queries of one
uncached render and the median in-process render time (the admin pages, used by a
few editors at a time, are measured this way only).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
ADMIN_USERNAME = "bench-admin"
DETAIL_PROPOSALS = 30
ADMIN_PROPOSALS, ADMIN_PARTICIPATIONS = 100, 30


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def load(*, events: int, seed: int, history: bool) -> dict:
    from django.core.management import call_command

    from accounts.models import User
    from devdata.generate import EventShape, generate_data, generate_events

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    migrated = time.monotonic()
    report = generate_data(events=events, seed=seed, history=history)
    showcase = generate_events(
        shapes=[
            EventShape(proposals=DETAIL_PROPOSALS, participations=8, presentations=3, agenda_items=4),
            EventShape(
                proposals=ADMIN_PROPOSALS,
                participations=ADMIN_PARTICIPATIONS,
                presentations=4,
                agenda_items=5,
            ),
        ],
        seed=seed + 1,
        history=history,
    )
    user, _created = User.objects.get_or_create(
        username=ADMIN_USERNAME, defaults={"is_staff": True, "is_superuser": True}
    )
    user.set_unusable_password()
    user.save()
    return {
        "events": report.events + showcase.events,
        "proposals": report.proposals + showcase.proposals,
        "migrate_seconds": round(migrated - started, 1),
        "generate_seconds": round(report.seconds + showcase.seconds, 1),
    }


def pages() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(public pages, admin pages) as (label, path) in the order of the table."""
    from django.db.models import Count
    from django.urls import reverse
    from django.utils import translation

    from dialogues.models import Event

    events = Event.objects.published().annotate(
        n=Count("proposals", distinct=True), p=Count("participations", distinct=True)
    )
    detail = events.filter(n=DETAIL_PROPOSALS).order_by("-pk").first()
    admin_event = events.filter(n=ADMIN_PROPOSALS, p=ADMIN_PARTICIPATIONS).order_by("-pk").first()
    if detail is None or admin_event is None:
        raise SystemExit("The showcase events are missing: run the load step first.")
    with translation.override("ky"):
        home = reverse("dialogues:home")
        event_list = reverse("dialogues:event-list")
        proposal_list = reverse("proposals:proposal-list")
        detail_url = detail.get_absolute_url()
    public = [
        ("home", home),
        ("events, page 1", event_list),
        ("events, page 50", event_list + "?page=50"),
        ("events, filtered", event_list + "?" + urlencode({"region": "KG-B", "year": 2021})),
        ("events, search ky/ru", event_list + "?" + urlencode({"q": "миграция"})),
        ("events, search en", event_list + "?" + urlencode({"q": "border areas"})),
        (f"event detail ({DETAIL_PROPOSALS} proposals)", detail_url),
        ("proposals", proposal_list),
        ("proposals, search", proposal_list + "?" + urlencode({"q": "мектеп"})),
    ]
    admin = [
        ("admin: event list", reverse("admin:dialogues_event_changelist")),
        (
            f"admin: event change ({ADMIN_PROPOSALS} prop., {ADMIN_PARTICIPATIONS} part.)",
            reverse("admin:dialogues_event_change", args=[admin_event.pk]),
        ),
    ]
    return public, admin


def measure(client, path: str, repeat: int) -> dict:
    """Queries of one render with an empty cache, and the median render time of ``repeat``."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, secure=True)
    # Read now: the next request's request_started signal empties the query log.
    queries = len(captured)
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}, not 200.")
    times = []
    for _ in range(repeat):
        cache.clear()
        started = time.perf_counter()
        client.get(path, secure=True)
        times.append((time.perf_counter() - started) * 1000)
    return {
        "queries": queries,
        "render_ms": round(statistics.median(times), 1),
        "bytes": len(response.content),
    }


def inspect(*, repeat: int) -> dict:
    from django.test import Client

    from accounts.models import User

    public, admin = pages()
    anonymous = Client()
    staff = Client()
    staff.force_login(
        User.objects.get(username=ADMIN_USERNAME), backend="django.contrib.auth.backends.ModelBackend"
    )
    rows = []
    for kind, client, entries in (("public", anonymous, public), ("admin", staff, admin)):
        for label, path in entries:
            rows.append({"page": label, "path": path, "kind": kind, **measure(client, path, repeat)})
    return {"pages": rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    steps = parser.add_subparsers(dest="step", required=True)
    load_parser = steps.add_parser("load")
    load_parser.add_argument("--events", type=int, required=True)
    load_parser.add_argument("--seed", type=int, default=1)
    load_parser.add_argument("--no-history", action="store_false", dest="history")
    inspect_parser = steps.add_parser("inspect")
    inspect_parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    setup_django()
    if args.step == "load":
        result = load(events=args.events, seed=args.seed, history=args.history)
    else:
        result = inspect(repeat=args.repeat)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
