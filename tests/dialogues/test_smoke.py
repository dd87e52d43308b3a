import pytest

from dialogues.models import Region

pytestmark = pytest.mark.django_db


def test_regions_loaded_by_migration_with_all_languages():
    assert Region.objects.count() == 9
    batken = Region.objects.get(code="KG-B")
    assert (batken.name_ky, batken.name_ru, batken.name_en) == (
        "Баткен облусу",
        "Баткенская область",
        "Batken Region",
    )
