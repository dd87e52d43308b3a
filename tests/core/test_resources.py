"""core.spreadsheets.resources: translated fields named once become their language columns."""

import pytest
from import_export import fields

from core.spreadsheets.resources import MaekModelResource, translated_fields
from dialogues.models import Person, Region
from dialogues.resources import PersonResource
from proposals.resources import ProposalResource

pytestmark = pytest.mark.django_db


def test_resources_translated_fields_come_from_the_modeltranslation_registry():
    assert translated_fields(Person) == {"full_name", "honorific"}


def test_resources_a_translated_field_becomes_three_text_columns_in_order():
    headers = [field.column_name for field in PersonResource().get_export_fields()]
    assert headers == [
        "id",
        "full_name_ky",
        "full_name_ru",
        "full_name_en",
        "honorific_ky",
        "honorific_ru",
        "honorific_en",
        "gender",
    ]
    assert "text_ky" in [field.column_name for field in ProposalResource().get_export_fields()]


def test_resources_a_declared_language_column_is_kept():
    class RegionResource(MaekModelResource):
        name_en = fields.Field(attribute="name_en", column_name="English name")

        class Meta(MaekModelResource.Meta):
            abstract = False
            model = Region
            fields = ("code", "name")

    columns = [field.column_name for field in RegionResource().get_export_fields()]
    assert columns == ["code", "name_ky", "name_ru", "English name"]
