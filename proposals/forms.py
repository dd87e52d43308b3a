"""Admin forms for proposals: the numbered rows entered on an event's page."""

from django import forms
from django.db import transaction
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from core.admin.inlines import label_selections_from_loaded_relations
from core.admin.stale import StaleRowsFormSetMixin

from .models import Proposal
from .services import proposal_assign_number, proposal_status_change, proposals_move


def _rewritten_columns() -> list[str]:
    """The columns an edited row writes back.

    The number is left out on purpose: another editor may have renumbered the
    event since this page was loaded, and only the numbering services (under
    the event lock) write numbers.
    """
    kept = {"number", "reference", "created_at", "event"}
    return [f.name for f in Proposal._meta.concrete_fields if not f.primary_key and f.name not in kept]


class ProposalInlineForm(forms.ModelForm):
    """A proposal row whose number is a position: blank adds it at the end, a number moves it there."""

    position = forms.IntegerField(
        label=_("No."),
        required=False,
        min_value=1,
        # The page posts back the number the editor saw, so a row counts as moved
        # only when the editor changed it, even if another editor renumbered since.
        show_hidden_initial=True,
        widget=forms.NumberInput(attrs={"size": 3, "style": "width: 4em"}),
        help_text=_("Leave empty to add at the end; enter a number to move the proposal there."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        label_selections_from_loaded_relations(self)
        self.fields["position"].initial = self.instance.number if self.instance.pk else None

    @property
    def wanted_position(self) -> int | None:
        """The number this row should move to, or None when it stays where it is."""
        position = self.cleaned_data.get("position")
        if position is None or position == self._seen_position():
            return None
        return position

    def _seen_position(self) -> int | None:
        field, name = self.fields["position"], self.add_initial_prefix("position")
        if name not in self.data:
            # Posted without the page (a script): compare with the current number.
            return field.initial
        try:
            return field.to_python(field.hidden_widget().value_from_datadict(self.data, self.files, name))
        except forms.ValidationError:
            return field.initial


class ProposalInlineFormSet(StaleRowsFormSetMixin, BaseInlineFormSet):
    """Saves an event's proposals so that they stay numbered 1..n without gaps.

    New rows take the next free numbers under the event lock (so two editors
    adding proposals at once never collide); deleted rows leave no gap; rows
    given another position move there and the others close up around them.
    Runs inside the admin's transaction, so the lock is held until it commits.
    A row someone else changed or deleted since the page was loaded is not
    written over (``StaleRowsFormSetMixin``).
    """

    def save(self, commit=True):
        if not commit:
            return super().save(commit=False)
        with transaction.atomic():
            instances = super().save(commit=False)
            for proposal in self.deleted_objects:
                proposal.delete()
            moves = {}
            for form in self.saved_forms:
                proposal = form.instance
                if proposal.pk is not None:
                    proposal_status_change(
                        proposal=proposal,
                        previous_status=form.initial.get("status"),
                        previous_date=form.initial.get("status_changed_on", proposal.status_changed_on),
                    )
                if proposal.pk is None:
                    proposal_assign_number(proposal=proposal)
                    proposal.save()
                else:
                    proposal.save(update_fields=_rewritten_columns())
                if form.wanted_position is not None:
                    moves[proposal.pk] = form.wanted_position
            self.save_m2m()
            numbers = {p.pk: p.number for p in proposals_move(event=self.instance, moves=moves)}
            for proposal in instances:
                proposal.number = numbers.get(proposal.pk, proposal.number)
        return instances
