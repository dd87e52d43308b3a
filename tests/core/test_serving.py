"""core.files.serving: uploads handed out for whichever app registered as their owner."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import FileField
from django.db.models.fields.files import FieldFile
from django.test import Client

from core.files import serving

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def notes_owner(settings, tmp_path):
    """A made-up app that owns "notes/…" files: public unless the name says private."""
    settings.MEDIA_ROOT = tmp_path
    default_storage.save("notes/open.pdf", ContentFile(PDF))
    default_storage.save("notes/private.pdf", ContentFile(PDF))

    def lookup(path):
        if not path.startswith("notes/"):
            return None
        return serving.OwnedFile(
            file=FieldFile(None, _field(), path),
            download_name="note",
            public="private" not in path,
            may_see=lambda user: user.is_superuser,
        )

    serving.register_file_owner(lookup)
    yield lookup
    serving._owners.remove(lookup)


def _field():
    field = FileField()
    field.storage = default_storage
    return field


def test_serving_a_registered_owner_hands_out_its_public_file(client, notes_owner):
    response = client.get("/media/notes/open.pdf")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="note.pdf"'
    assert b"".join(response.streaming_content) == PDF


def test_serving_a_file_not_public_only_to_whom_the_owner_allows(notes_owner, superuser_client):
    assert Client().get("/media/notes/private.pdf").status_code == 404
    response = superuser_client.get("/media/notes/private.pdf")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_serving_a_path_no_owner_claims_is_404(client, notes_owner):
    default_storage.save("other/loose.pdf", ContentFile(PDF))
    assert client.get("/media/other/loose.pdf").status_code == 404
