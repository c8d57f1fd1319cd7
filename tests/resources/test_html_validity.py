"""The pages of the resource centre are valid HTML (Nu HTML checker), whoever looks at them, with and without
errors."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from solozere.resources.services import item_reject
from tests.html_checker import nu_errors
from tests.resources.factories import pdf_upload, propose, published

pytestmark = pytest.mark.django_db


def test_the_resource_pages_are_valid_html(client, member, staff_user, tmp_path):
    link = published(
        member,
        staff_user,
        title="Un titre très long pour voir " * 5,
        source_event_title="Rencontres du télétravail",
        source_url="https://exemple.fr/rencontres",
        is_demo=True,
    )
    document = published(member, staff_user, url="", upload=pdf_upload(), licence="other", licence_other="Art Libre")
    waiting = propose(member, title="À relire")
    refused = item_reject(actor=staff_user, item=propose(member, title="Refusée"), reason="Pas d'auteur.\nÀ refaire.")
    pages = []

    def keep(label, response):
        assert response.status_code in (200, 400), (label, response.status_code)
        path = tmp_path / f"{len(pages):02d}-{label}.html"
        path.write_bytes(response.content)
        pages.append((label, path))

    keep("list", client.get("/ressources/"))
    keep("list-filtered", client.get("/ressources/", {"q": "titre", "topic": "setting_up", "year": "2025"}))
    keep("list-errors", client.get("/ressources/", {"topic": "cuisine", "year": "x", "q": "y" * 200}))
    keep("link", client.get(link.get_absolute_url()))
    keep("document", client.get(document.get_absolute_url()))

    client.force_login(member)
    keep("waiting-for-proposer", client.get(waiting.get_absolute_url()))
    keep("refused-for-proposer", client.get(refused.get_absolute_url()))
    keep("propose", client.get("/ressources/proposer/"))
    fake = SimpleUploadedFile("x.pdf", b"<html></html>")
    keep("propose-errors", client.post("/ressources/proposer/", {"title": "T", "url": "javascript:x", "file": fake}))
    keep("propose-file-error", client.post("/ressources/proposer/", {"title": "T", "file": fake, "licence": "other"}))
    keep("mine", client.get("/ressources/mes-propositions/"))
    keep("account", client.get("/compte/profil/"))

    client.force_login(staff_user)
    keep("queue", client.get("/equipe/ressources/"))
    keep("queue-published", client.get("/equipe/ressources/", {"etat": "published"}))
    keep("review", client.get(f"/equipe/ressources/{waiting.pk}/"))
    keep("review-error", client.post(f"/equipe/ressources/{waiting.pk}/refuser/", {"refuser-reason": ""}))
    keep("review-published", client.get(f"/equipe/ressources/{document.pk}/"))
    keep("unpublish-error", client.post(f"/equipe/ressources/{document.pk}/retirer/", {"retirer-reason": ""}))
    keep("review-refused", client.get(f"/equipe/ressources/{refused.pk}/"))
    keep("dashboard", client.get("/equipe/"))

    assert nu_errors(pages) == []
