"""Every URL pattern, walked with hostile values: no request answers 500.

The walk reads the URL patterns from the resolver of ``config.urls`` (the admin
with every registered model and the pages other apps add to it, the
language-prefixed public pages, downloads, /media/), so a page added later is
walked without anyone listing it here. Each path parameter gets a real value (a
record the signed-in user may see, its history version, a published event's
slug, a stored file) while one of them at a time takes each hostile value: NUL,
a number no column holds, a negative one, letters, 10,000 characters, an
unpaired surrogate, "../". Then the query parameters the page reads get them
(sampled: see ``requests_for``). The readers are an anonymous visitor, an editor
limited to Batken, and a superuser on the admin pages the editor may not open.

A request fails the walk when it answers 500, when the client itself raises, or
when a 400 or 404 comes back without a page (the site's 400.html / 404.html).
About 750 requests for each of the first two readers, 200 for the superuser.
"""

import inspect
import re
import time
from dataclasses import dataclass, field

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern

from accounts.roles import EDITOR
from dialogues.models import Event, Participation
from proposals.models import Proposal
from tests import factories

pytestmark = pytest.mark.django_db

# Values an attacker types, already written as they travel in a URL.
HOSTILE = {
    "nul": "%00",
    "huge": "99999999999999999999",
    "negative": "-1",
    "non-numeric": "abc",
    "long": "a" * 10_000,
    "surrogate": "%ED%A0%80",
    "traversal": "../../config/settings.py",
    "last-year": "9999",
}
# A path parameter is a name or an id: the year matters only to the query's dates.
PATH_VALUES = [value for name, value in HOSTILE.items() if name != "last-year"]
# The admin's record and version ids: some 70 parameters, all read by the same few
# lookups. Each gets the two values that broke them (a number too big, letters) and
# two of the others in turn; every other path parameter gets every value.
ADMIN_IDS = {"object_id", "version_id", "id"}
ID_VALUES = [HOSTILE["huge"], HOSTILE["non-numeric"]]
ID_TURNS = [value for value in PATH_VALUES if value not in ID_VALUES]
# The query string is decoded with replacement characters: a surrogate or a "../"
# is plain text there, and the walk spends its time on the values that break things.
QUERY_VALUES = [value for name, value in HOSTILE.items() if name not in ("surrogate", "traversal")]
TAKING_TURNS = [value for value in QUERY_VALUES if value != HOSTILE["huge"]]

# Query parameters of Django's changelists that take a value (the filters' own
# parameters are read from each changelist).
CHANGELIST_PARAMETERS = ("q", "p", "o", "_to_field")
# The public lists read these; every other page gets all of them at once.
QUERY_PARAMETERS = (
    "q",
    "page",
    "region",
    "year",
    "format",
    "topic",
    "status",
    "event",
    "o",
    "p",
    "date__year",
    "date__month",
    "term",
    "_changelist_filters",
    "_to_field",
    "_popup",
    "next",
)
PAGE_PARAMETERS = {
    "event-list": QUERY_PARAMETERS[:8],
    "proposal-list": QUERY_PARAMETERS[:8],
    "autocomplete": ("app_label", "model_name", "field_name", "term", "page"),
    "login": ("next",),
    "set_language": ("next", "language"),
}
# The query a page is walked from. The autocomplete answers only for a real
# (app, model, field): the walk keeps the trio and varies one of them or the term
# at a time. The proposals list is also the download of its filtered rows.
BASE_QUERIES = {
    "autocomplete": [
        {"app_label": "proposals", "model_name": "proposal", "field_name": "event", "term": "a"}
    ],
    "proposal-list": [{}, {"format": "csv"}, {"format": "xlsx"}],
}

# A few patterns from each part of config.urls, to be sure the resolver was read whole.
MUST_WALK = {
    "healthz",
    "set_language",
    "view_on_site",
    "autocomplete",
    "dialogues_event_changelist",
    "dialogues_event_simple_history",
    "dialogues_event_restore_row",
    "proposals_proposal_change",
    "accounts_user_changelist",
    "axes_accesslog_changelist",
    "home",
    "event-detail",
    "event-export",
    "proposal-list",
    "media",
}

GROUP = re.compile(r"\((?:\?P<(?P<name>\w+)>)?[^()]*\)")
ROUTE_PARAMETER = re.compile(r"<(?:\w+:)?(?P<name>\w+)>")


@dataclass
class Route:
    """One URL pattern: how to write its path, its parameters in order, its model."""

    parts: list = field(default_factory=list)
    pattern: URLPattern | None = None
    model: type | None = None

    @property
    def name(self) -> str:
        return self.pattern.name or ""

    def parameters(self) -> list[str]:
        names, positional = [], self._positional_names()
        for part in self.parts:
            if isinstance(part, RoutePattern):
                names += ROUTE_PARAMETER.findall(part._route)
            elif isinstance(part, RegexPattern):
                names += [match["name"] or next(positional) for match in GROUP.finditer(part._regex)]
        return names

    def _positional_names(self):
        # simple-history's version page has unnamed groups: they are the view's
        # arguments after the request, in order.
        arguments = list(inspect.signature(self.pattern.callback).parameters)[1:]
        return iter(arguments)

    def path(self, values: dict[str, str]) -> str:
        written, positional = [], self._positional_names()
        for part in self.parts:
            if isinstance(part, LocalePrefixPattern):
                written.append(part.language_prefix)
            elif isinstance(part, RoutePattern):
                written.append(ROUTE_PARAMETER.sub(lambda m: values[m["name"]], part._route))
            else:
                regex = part._regex.removeprefix("^").removesuffix("$").removesuffix(r"\Z")
                text = GROUP.sub(lambda m: values[m["name"] or next(positional)], regex)
                assert not re.search(r"[\^$()\[\]*+?\\]", text), f"cannot write {part._regex}"
                written.append(text)
        return "/" + "".join(written)


def routes(patterns=None, parts=(), model=None):
    """Every URL pattern of config.urls, with the model of the admin pages under it."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    admin_models = {f"{m._meta.app_label}/{m._meta.model_name}/": m for m in admin.site._registry}
    for entry in patterns:
        if isinstance(entry, URLResolver):
            prefix = str(entry.pattern) if isinstance(entry.pattern, RoutePattern) else ""
            yield from routes(entry.url_patterns, (*parts, entry.pattern), admin_models.get(prefix, model))
        else:
            yield Route(parts=[*parts, entry.pattern], pattern=entry, model=model)


# Data ----------------------------------------------------------------------------


@pytest.fixture
def site(settings, tmp_path):
    """Published and draft events in two regions, with every kind of row, a stored
    report, a deleted speaker (for the restore page) and history for all of it."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MAEK_DOWNLOAD_CACHE_DIR = str(tmp_path / "downloads")
    batken = factories.EventFactory(region=factories.region("KG-B"))
    batken.report_file.save("report.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    factories.DraftEventFactory(region=factories.region("KG-O"))
    factories.ProposalFactory(event=batken)
    factories.ParticipationFactory(event=batken)
    factories.PresentationFactory(event=batken)
    factories.AgendaItemFactory(event=batken)
    factories.ParticipationFactory(event=batken).delete()
    users = {
        "anonymous": None,
        "editor": factories.staff_with_role(EDITOR, "KG-B"),
        "superuser": factories.SuperuserFactory(username="root"),
    }
    return batken, users


def real_values(route: Route, event: Event) -> dict[str, str]:
    """A value for each parameter that reaches the page behind it."""
    model = route.model
    record = None
    if model is not None:
        record = _record_of(model, event)
    deleted = Participation.history.filter(history_type="-").first()
    values = {
        "object_id": str(record.pk) if record else "1",
        "id": str(record.pk) if record else "1",
        "version_id": str(record.history.first().history_id) if hasattr(record, "history") else "1",
        "content_type_id": str(ContentType.objects.get_for_model(Event).pk),
        "slug": event.slug,
        "path": event.report_file.name,
        "app_label": "dialogues",
        "url": "nothing-here/",
        "kind": "participation",
        "history_id": str(deleted.history_id),
    }
    if route.name == "view_on_site":
        values["object_id"] = str(event.pk)
    return values


def _record_of(model, event: Event):
    """A record of ``model`` in Batken when it has a region (what the editor may see)."""
    if model is Event:
        return event
    if model is Proposal:
        return event.proposals.first()
    if any(f.name == "event" for f in model._meta.get_fields()):
        return model._default_manager.filter(event=event).first()
    return model._default_manager.order_by("pk").first()


# The walk -------------------------------------------------------------------------


def requests_for(route: Route, event: Event, index: int, changelist_parameters: dict):
    """The URLs to ask for ``route``: each path parameter hostile in turn, then the query.

    Path parameters get every hostile value, the admin's ids a sample of them. The
    query is sampled too, to keep the walk short: a list page gets each of its parameters on its own (one refused
    parameter must not hide what another does) with a few of the values, the
    window moving from parameter to parameter and page to page, so that the
    changelists, which share Django's code, together see every value in every
    kind of parameter; any other page gets all the parameters at once, with one
    value.
    """
    values = real_values(route, event)
    for position, name in enumerate(route.parameters()):
        hostile = PATH_VALUES
        if name in ADMIN_IDS and route.model is not None:
            turn = (index + position) * 2
            hostile = [*ID_VALUES, *(ID_TURNS[(turn + step) % len(ID_TURNS)] for step in range(2))]
        for value in hostile:
            yield route.path({**values, name: value})
    base = route.path(values)
    for fixed in BASE_QUERIES.get(route.name, [{}]):
        yield from _queries(route, base, fixed, index, changelist_parameters)


def _queries(route: Route, base: str, fixed: dict, index: int, changelist_parameters: dict):
    own = changelist_parameters.get(route.model) if route.name.endswith("_changelist") else None
    rotating = 1
    if own is None:
        own, rotating = PAGE_PARAMETERS.get(route.name), 2
    if own is None:
        value = QUERY_VALUES[index % len(QUERY_VALUES)]
        yield base + "?" + _query({**fixed, **dict.fromkeys(QUERY_PARAMETERS, value)})
        return
    for position, name in enumerate(own):
        # A number too big for any column passes every "is it a number" check and
        # overflows later: every parameter gets it; the other values take turns.
        yield base + "?" + _query({**fixed, name: HOSTILE["huge"]})
        for step in range(rotating):
            value = TAKING_TURNS[(index + position * rotating + step) % len(TAKING_TURNS)]
            yield base + "?" + _query({**fixed, name: value})


def changelist_parameters(superuser) -> dict:
    """The query parameters each admin changelist reads: Django's own and its filters'."""
    request = RequestFactory().get("/admin/")
    request.user = superuser
    found = {}
    for model, model_admin in admin.site._registry.items():
        changelist = model_admin.get_changelist_instance(request)
        names = list(CHANGELIST_PARAMETERS)
        for spec in changelist.filter_specs:
            # "__isnull" is read as a boolean, whatever its text: nothing to break there.
            names += [
                name
                for name in spec.expected_parameters()
                if name not in names and not name.endswith("__isnull")
            ]
        if model_admin.date_hierarchy:
            names += [f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day")]
        found[model] = tuple(names)
    return found


def _query(params: dict[str, str]) -> str:
    # The values are written as they travel (percent-encoded already), not re-quoted.
    return "&".join(f"{name}={value}" for name, value in params.items())


def problem(client: Client, url: str) -> str | None:
    """What is wrong with the answer to GET ``url``, or None."""
    try:
        response = client.get(url)
    except Exception as error:  # the walk reports every failure, not only the first
        return f"client raised {error!r}"
    if response.status_code >= 500:
        exc = response.exc_info[1] if response.exc_info else None
        return f"{response.status_code} {exc!r}"
    if response.status_code in (400, 404):
        body = response.content.decode(errors="replace")
        if "<html" not in body:
            return f"{response.status_code} without a page"
    return None


def beyond_the_editor(route: Route, editor) -> bool:
    """Whether ``route`` is an admin page of a model the editor may not even view
    (users, groups, login logs): what the superuser walks beyond the editor's walk."""
    request = RequestFactory().get("/admin/")
    request.user = editor
    model_admin = admin.site._registry.get(route.model)
    return model_admin is not None and not model_admin.has_view_permission(request)


@pytest.mark.parametrize("reader", ["anonymous", "editor", "superuser"])
def test_url_walk_no_hostile_value_answers_500(site, reader, caplog):
    event, users = site
    client = Client(raise_request_exception=False)
    if users[reader] is not None:
        client.force_login(users[reader])
    # 404s and refused lookups are logged as warnings: thousands of lines that say nothing here.
    caplog.set_level("ERROR", logger="django")
    parameters = changelist_parameters(users["superuser"])
    walked = list(routes())
    assert MUST_WALK <= {route.name for route in walked}, "the walk must reach every part of config.urls"
    if reader == "superuser":
        # The editor's walk already went through every page both may open, the same
        # code with the editor's scope: the superuser's adds the pages only it reaches.
        walked = [route for route in walked if beyond_the_editor(route, users["editor"])]
    found, asked, started = [], 0, time.monotonic()
    for index, route in enumerate(walked):
        for url in requests_for(route, event, index, parameters):
            asked += 1
            trouble = problem(client, url)
            if trouble:
                found.append(f"{route.name or route.parts[-1]}: {_short(url)} -> {_short(trouble)}")
    print(f"{reader}: {asked} requests over {len(walked)} patterns in {time.monotonic() - started:.1f} s")
    assert not found, f"{len(found)} bad answers:\n" + "\n".join(found[:80])


def _short(text: str) -> str:
    return text if len(text) < 160 else f"{text[:100]}…{text[-40:]}"
