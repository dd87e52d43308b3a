"""Middleware of the accounts app."""

from django.conf import settings
from django.utils import translation


class AdminLanguageMiddleware:
    """Open the admin in the signed-in user's preferred language.

    The public site carries its language in the URL (/ky/, /ru/, /en/); the
    admin has no prefix, so LocaleMiddleware would follow the browser. Staff
    choose their working language once, in their profile, and the admin keeps
    to it. Must come after LocaleMiddleware and AuthenticationMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}
        self.prefixes = tuple(settings.MAEK_ADMIN_CSP_PREFIXES)

    def __call__(self, request):
        user = getattr(request, "user", None)
        language = getattr(user, "preferred_language", None) if user is not None else None
        if (
            language in self.languages
            and user.is_authenticated
            and request.path_info.startswith(self.prefixes)
        ):
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
