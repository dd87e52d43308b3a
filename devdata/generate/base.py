"""What the generator makes: its fixed choices, the shape of an event, and the report."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from core.text import LANGUAGE_CODES
from dialogues.models import (
    Organization,
)
from proposals.models import Proposal

# A fixed window, not "the last ten years from today", so that a seed gives the
# same data whatever day it runs.
DEFAULT_UNTIL = datetime.date(2025, 12, 31)
YEARS = 10

# Which languages a report came in: most in all three, some not.
LANGUAGE_SETS = [(("ky", "ru", "en"), 75), (("ky", "ru"), 12), (("ru",), 8), (("ky",), 5)]

PROPOSAL_STATUS_WEIGHTS = [
    (Proposal.Status.RECEIVED, 20),
    (Proposal.Status.FORWARDED, 20),
    (Proposal.Status.UNDER_CONSIDERATION, 15),
    (Proposal.Status.ACCEPTED, 10),
    (Proposal.Status.PARTLY_IMPLEMENTED, 10),
    (Proposal.Status.IMPLEMENTED, 8),
    (Proposal.Status.REJECTED, 7),
    (Proposal.Status.NO_RESPONSE, 10),
]

ADDRESSEE_KINDS = {
    Organization.Kind.STATE_BODY,
    Organization.Kind.PARLIAMENT,
    Organization.Kind.LOCAL_GOVERNMENT,
}
ORGANIZER_KINDS = {
    Organization.Kind.PUBLIC_COUNCIL,
    Organization.Kind.STATE_BODY,
    Organization.Kind.CIVIL_SOCIETY,
}


@dataclass(frozen=True)
class EventShape:
    """How much one event holds. ``generate_data`` draws these at random."""

    proposals: int = 10
    participations: int = 5
    presentations: int = 2
    agenda_items: int = 3
    published: bool = True


@dataclass
class GenerationReport:
    """What a run wrote, for the command's output and for benchmarks."""

    events: int = 0
    published: int = 0
    proposals: int = 0
    participations: int = 0
    presentations: int = 0
    agenda_items: int = 0
    people_created: int = 0
    organizations_created: int = 0
    seconds: float = 0.0
    event_ids: list[int] = field(default_factory=list)


def language_texts(triple: Sequence[str], languages: Iterable[str]) -> dict[str, str]:
    """{ky, ru, en} -> only the languages the report came in; the others stay empty."""
    chosen = set(languages)
    return {code: (text if code in chosen else "") for code, text in zip(LANGUAGE_CODES, triple, strict=True)}


def language_fields(name: str, texts: dict[str, str]) -> dict[str, str]:
    return {f"{name}_{code}": texts[code] for code in LANGUAGE_CODES}


def locality_stem(locality: tuple[str, str, str]) -> tuple[str, str, str]:
    """("Баткен шаары", "город Баткен", "Batken city") -> ("Баткен", "Баткен", "Batken")."""
    ky, ru, en = locality
    for suffix in (" шаары", " айылы"):
        ky = ky.removesuffix(suffix)
    for prefix in ("город ", "село "):
        ru = ru.removeprefix(prefix)
    for suffix in (" city", " village"):
        en = en.removesuffix(suffix)
    return ky, ru, en
