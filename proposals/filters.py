"""The public proposal filters; invalid values are reported and ignored, never a 500."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dialogues.filters import PublicFilterForm
from dialogues.selectors import FilterOptions, published_events

from .models import Proposal


class ProposalFilterForm(PublicFilterForm):
    """Filters of the proposals list: search, region, year, topic, status and event."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", ""), *Proposal.Status.choices],
        error_messages={"invalid_choice": _("There is no proposal status %(value)s.")},
    )
    # Set by links from an event's page; shown as a removable note, not as a list
    # of every event (which would grow the page with the archive).
    event = forms.ModelChoiceField(
        label=_("Event"),
        queryset=published_events(),
        to_field_name="slug",
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("There is no published event at this address.")},
    )

    field_order = ["q", "region", "year", "topic", "status", "event"]

    def __init__(self, data=None, *, options: FilterOptions, **kwargs):
        super().__init__(data, options=options, **kwargs)
        self.fields["event"].queryset = published_events().select_related("region")
