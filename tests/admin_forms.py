"""Build admin POST data the way a browser would: from the page the admin rendered.

Tests change a few values of what a staff member sees instead of re-typing
every hidden and management field by hand.
"""

import datetime

from django import forms
from django.db.models import Model


def _as_post_value(value):
    if value is None:
        return ""
    if isinstance(value, Model):
        return str(value.pk)
    if isinstance(value, bool):
        return "on" if value else ""
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M:%S")
    if isinstance(value, (list, tuple, set)) or hasattr(value, "all"):
        items = value.all() if hasattr(value, "all") else value
        return [_as_post_value(item) for item in items]
    return str(value)


def _form_data(form) -> dict:
    data = {}
    for bound in form:
        input_type = getattr(bound.field.widget, "input_type", None)
        # A stored file is kept when nothing is uploaded; disabled fields are not posted.
        if bound.field.disabled or input_type == "file":
            continue
        widget = bound.field.widget
        if isinstance(widget, forms.MultiWidget):
            # Split date and time: one input per part (``date_joined_0``, ``date_joined_1``).
            parts = widget.decompress(bound.value())
            for suffix, part in zip(widget.widgets_names, parts, strict=True):
                data[f"{bound.html_name}{suffix}"] = _as_post_value(part)
            continue
        value = _as_post_value(bound.value())
        if isinstance(bound.field, (forms.ModelMultipleChoiceField, forms.MultipleChoiceField)):
            # A multiple select with nothing chosen posts nothing at all.
            value = [item for item in (value if isinstance(value, list) else [value]) if item != ""]
        if input_type == "checkbox" and value in ("", "False"):
            continue
        data[bound.html_name] = value
        if bound.field.show_hidden_initial:
            # The page also posts the value it showed (``initial-<name>``).
            data[bound.html_initial_name] = _as_post_value(bound.initial)
    return data


def admin_form_data(response) -> dict:
    """The POST data of an admin add/change page as rendered, with every inline's management form."""
    context = response.context
    data = _form_data(context["adminform"].form)
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(_form_data(formset.management_form))
        # Extra rows are posted with their initial values, so they count as untouched.
        for form in formset.forms:
            data.update(_form_data(form))
    return data


def inline_rows(prefix: str, rows: list[dict], *, initial: int = 0) -> dict:
    """POST data for new inline rows (after ``initial`` existing ones), with the management form."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(initial + len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows, start=initial):
        for name, value in row.items():
            data[f"{prefix}-{index}-{name}"] = value
    return data
