"""The base of every model with translated text: at least one language, checked where it is typed.

Human text is translated with django-modeltranslation: each such field has a
column per language (``title_ky``, ``title_ru``, ``title_en``); a text needs only
one of them.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from core.text import LANGUAGE_CODES, language_columns, missing_translations


def one_language_required(field: str, name: str) -> models.CheckConstraint:
    """A translated text needs at least one language filled, not all three."""
    condition = Q()
    for code in LANGUAGE_CODES:
        column = f"{field}_{code}"
        condition |= Q(**{f"{column}__isnull": False}) & ~Q(**{column: ""})
    return models.CheckConstraint(condition=condition, name=name)


class TranslatedModel(models.Model):
    """Checks that required translated texts are filled in at least one language.

    clean() reports each rule next to its field ("22 women + 28 men is more than
    the total of 45"); full_clean() then skips the constraints on those fields,
    which stay the database's last line of defence.
    """

    required_translations: tuple[str, ...] = ()
    fields_checked_in_clean: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def clean(self):
        errors = missing_translations(self, self.required_translations)
        errors.update(self.extra_errors())
        if errors:
            raise ValidationError(errors)

    def extra_errors(self) -> dict[str, str]:
        """Further field errors of a model; none by default."""
        return {}

    def validate_constraints(self, exclude=None):
        checked = {*language_columns(*self.required_translations), *self.fields_checked_in_clean}
        super().validate_constraints(exclude={*(exclude or ()), *checked})
