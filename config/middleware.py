"""Project-wide middleware: the Content-Security-Policy of each response, and NUL characters refused."""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import render
from django.utils import translation

UNSAFE_INLINE = "'unsafe-inline'"
NUL = "\x00"


class MaekCSPMiddleware(CSPMiddleware):
    """django-csp's middleware with one exception: the admin may run inline code.

    Django's admin widgets, modeltranslation's language tabs and import-export's
    templates use inline ``<script>``, ``onclick=`` handlers and ``style=``
    attributes. Staff pages accept that risk; public pages, which show the
    text staff enter, never do.
    """

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and request.path_info.startswith(tuple(settings.MAEK_ADMIN_CSP_PREFIXES)):
            directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
            parts.replace = {
                **(parts.replace or {}),
                "script-src": [*directives.get("script-src", []), UNSAFE_INLINE],
                "style-src": [*directives.get("style-src", []), UNSAFE_INLINE],
            }
        return parts


class RefuseNulMiddleware:
    """Answer 400, with the site's page, when the path or the query string holds a NUL
    character, and ignore a cookie that holds one.

    No address, parameter or cookie of Maek contains NUL, and PostgreSQL refuses
    it in any text it is sent (psycopg: "A string literal cannot contain NUL"),
    which turned a lookup built from the request into a 500: an admin id, a
    search or filter value, an autocomplete term, a /media/ name, a session key.
    Checking here, once, before any of them reaches a query, covers every view,
    Maek's and Django's alike, instead of each view guarding its own. Form fields
    need nothing here: Django's CharField already refuses NUL with a message.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        # A broken cookie is dropped rather than refused: a browser holding one
        # would otherwise get nothing but error pages until its cookies were cleared.
        for name in [name for name, value in request.COOKIES.items() if NUL in name or NUL in value]:
            del request.COOKIES[name]
        if NUL in request.path_info or any(
            NUL in name or any(NUL in value for value in values) for name, values in request.GET.lists()
        ):
            return bad_request_page(request)
        return self.get_response(request)


def bad_request_page(request: HttpRequest) -> HttpResponseBase:
    """The site's 400 page, in the language of the address (this runs before LocaleMiddleware)."""
    language = translation.get_language_from_path(request.path_info) or translation.get_language_from_request(
        request
    )
    with translation.override(language):
        return render(request, "400.html", status=400)
