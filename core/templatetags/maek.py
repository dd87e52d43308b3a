"""Template tags of the public site: translated text with its real language, language links.

``{% tr obj "title" as t %}<h1 lang="{{ t.lang }}">{{ t.text }}</h1>`` shows the first
filled translation in the reader's fallback order (ky -> ru -> en, ru -> ky -> en,
en -> ru -> ky) and tells the template which language that text is really in, so the
element can carry the right ``lang`` for screen readers, hyphenation and search engines.
"""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.urls import translate_url
from django.utils.encoding import escape_uri_path
from django.utils.translation import get_language, get_language_info

from core.text import translated_value

register = template.Library()


@dataclass(frozen=True)
class Translated:
    """A translated text and the language it is actually written in."""

    text: str
    lang: str

    def __str__(self):
        return self.text

    def __bool__(self):
        return bool(self.text)


@register.simple_tag
def tr(obj, field: str) -> Translated:
    """The text of ``obj.<field>`` for the current language, falling back, with its language."""
    language = get_language() or settings.LANGUAGE_CODE
    if obj is None:
        return Translated("", language)
    text, lang = translated_value(obj, field, language)
    return Translated(text, lang)


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    absolute_url: str
    is_current: bool


def _language_url(path: str, code: str, current: str) -> str:
    """``path`` in language ``code``.

    ``translate_url`` re-reverses the resolved view; a path that resolves to no view
    (a 404 page) keeps its form with only the language prefix swapped.
    """
    url = translate_url(path, code)
    if url == path and code != current:
        prefix = f"/{current}/"
        if path.startswith(prefix):
            url = f"/{code}/{path[len(prefix) :]}"
        elif path == f"/{current}":
            url = f"/{code}/"
    return url


@register.simple_tag(takes_context=True)
def language_links(context) -> list[LanguageLink]:
    """One link per site language to the same page and query string in that language."""
    request = context.get("request")
    current = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    path, query, origin = f"/{current}/", "", ""
    if request is not None:
        # Rebuilt from the parsed query rather than taken raw, so that it is always
        # percent-encoded once, whatever bytes the client sent.
        path = escape_uri_path(request.path)
        query = f"?{request.GET.urlencode()}" if request.GET else ""
        try:
            origin = request.build_absolute_uri("/").removesuffix("/")
        except DisallowedHost:
            # The 400 page answering a refused Host header: no absolute address to give.
            origin = ""
    links = []
    for code, _name in settings.LANGUAGES:
        url = _language_url(path, code, current) + query
        links.append(
            LanguageLink(
                code=code,
                name=get_language_info(code)["name_local"],
                url=url,
                absolute_url=origin + url,
                is_current=code == current,
            )
        )
    return links
