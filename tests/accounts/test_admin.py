"""The user admin: Django's, plus the language and regions each staff member works in."""

import pytest
from django.urls import reverse

from accounts.models import User
from tests import factories
from tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db


def test_user_admin_list_shows_language_and_regions(superuser_client, django_assert_max_num_queries):
    editor = factories.UserFactory(username="editor", preferred_language="ru")
    editor.regions.set([factories.region("KG-B"), factories.region("KG-O")])
    factories.UserFactory.create_batch(3)
    url = reverse("admin:accounts_user_changelist")
    superuser_client.get(url)

    with django_assert_max_num_queries(10):
        response = superuser_client.get(url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "KG-B, KG-O" in html or "KG-O, KG-B" in html
    assert "preferred_language" in response.context["cl"].list_display


def test_user_admin_filters_by_region(superuser_client):
    editor = factories.UserFactory(username="editor")
    editor.regions.set([factories.region("KG-T")])
    factories.UserFactory(username="other")

    response = superuser_client.get(
        reverse("admin:accounts_user_changelist"), {"regions__id__exact": factories.region("KG-T").pk}
    )

    assert list(response.context["cl"].queryset) == [editor]


def test_user_admin_change_saves_language_and_regions(superuser_client):
    editor = factories.UserFactory(username="editor", is_staff=True)
    url = reverse("admin:accounts_user_change", args=[editor.pk])
    page = superuser_client.get(url)
    assert page.status_code == 200
    assert {"preferred_language", "regions"} <= set(page.context["adminform"].form.fields)
    data = admin_form_data(page)
    data["preferred_language"] = "en"
    data["regions"] = [str(factories.region("KG-B").pk), str(factories.region("KG-J").pk)]

    response = superuser_client.post(url, data)

    assert response.status_code == 302
    editor.refresh_from_db()
    assert editor.preferred_language == "en"
    assert set(editor.regions.values_list("code", flat=True)) == {"KG-B", "KG-J"}
    assert editor.check_password("correct-horse-battery")


def test_user_admin_add_creates_a_user_with_language_and_regions(superuser_client):
    response = superuser_client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "aigul",
            "usable_password": "true",
            "password1": "Batken-2021-dialogue",
            "password2": "Batken-2021-dialogue",
            "preferred_language": "ru",
            "regions": [str(factories.region("KG-B").pk)],
        },
    )

    assert response.status_code == 302
    user = User.objects.get(username="aigul")
    assert user.preferred_language == "ru"
    assert list(user.regions.values_list("code", flat=True)) == ["KG-B"]
    assert user.check_password("Batken-2021-dialogue")
