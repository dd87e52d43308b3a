"""The public event filters: validated query-string values, invalid ones reported and ignored.

A filter a reader mistyped or a bookmark that went stale ("region=XX", "year=abc")
must never break the page: the form reports the bad value in the reader's language
and the list is shown without it.
"""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.text import search_words

from .selectors import FilterOptions

SEARCH_MAX_LENGTH = 200
YEAR_MIN, YEAR_MAX = 1991, 2100


class PublicFilterForm(forms.Form):
    """Shared behaviour: ``filters()`` returns only the values that passed validation."""

    q = forms.CharField(label=_("Search"), max_length=SEARCH_MAX_LENGTH, required=False, strip=True)
    region = forms.ChoiceField(label=_("Region"), required=False)
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
        error_messages={"invalid": _("Enter a year such as 2021.")},
    )
    topic = forms.ChoiceField(label=_("Topic"), required=False)

    def __init__(self, data=None, *, options: FilterOptions, **kwargs):
        super().__init__(data if data is not None else {}, **kwargs)
        self.options = options
        self.fields["region"].choices = [("", ""), *((r.code, r.code) for r in options.regions)]
        self.fields["topic"].choices = [("", ""), *((t.slug, t.slug) for t in options.topics)]
        self.fields["region"].error_messages["invalid_choice"] = _(
            "There is no region with the code %(value)s."
        )
        self.fields["topic"].error_messages["invalid_choice"] = _("There is no topic %(value)s.")

    def clean_q(self) -> str:
        q = self.cleaned_data.get("q") or ""
        if q and not search_words(q):
            # Search matches words; "!!!" has none and would otherwise list everything.
            raise forms.ValidationError(_("Type a word to search for: letters or digits."))
        return q

    def filters(self) -> dict[str, Any]:
        """The valid, non-empty filter values; invalid ones are left out (and in ``errors``)."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}


class EventFilterForm(PublicFilterForm):
    """Filters of the event list: search, region, year, format and topic."""

    format = forms.ChoiceField(label=_("Format"), required=False)

    field_order = ["q", "region", "year", "format", "topic"]

    def __init__(self, data=None, *, options: FilterOptions, **kwargs):
        super().__init__(data, options=options, **kwargs)
        self.fields["format"].choices = [("", ""), *((f.slug, f.slug) for f in options.formats)]
        self.fields["format"].error_messages["invalid_choice"] = _("There is no event format %(value)s.")
