"""Translated fields of the proposals app."""

from modeltranslation.translator import TranslationOptions, register

from .models import Proposal


@register(Proposal)
class ProposalTranslationOptions(TranslationOptions):
    fields = ("text",)
