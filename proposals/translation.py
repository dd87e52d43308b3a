"""Translated fields of the proposals app."""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import Proposal


@register(Proposal)
class ProposalTranslationOptions(TranslationOptions):
    fields = ("text",)


# History is registered after the translation fields exist (see dialogues/translation.py).
# Nothing looks history up by status or reference: their copied indexes would
# only slow every write (no_db_index); the event's stays, for recovering deleted
# proposals region by region.
simple_history.register(
    Proposal,
    m2m_fields=["topics", "addressees"],
    excluded_fields=["search_text"],
    no_db_index=["status", "reference"],
)
