"""Project-wide middleware: the Content-Security-Policy of each response."""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

UNSAFE_INLINE = "'unsafe-inline'"


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
