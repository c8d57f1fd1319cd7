"""The pages of the resource centre through HTTP: a resource's page, its file's headers, the proposal form (bad
input kept and told in French), the staff's review, the account's block and the staff dashboard's queue."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from solozere.resources.models import LibraryItem
from solozere.resources.workflow import Status
from tests.resources.factories import PDF_BYTES, PNG_BYTES, pdf_upload, propose, published

pytestmark = pytest.mark.django_db


# --- A resource's page ------------------------------------------------------------------------------------------


def test_a_resource_page_shows_what_it_is(client, member, staff_user):
    item = published(
        member,
        staff_user,
        title="Modèle d'accord",
        author="Agence Lozère",
        organisation="Lozère Développement",
        licence="lo_2_0",
        url="https://exemple.fr/accord",
    )
    content = client.get(item.get_absolute_url()).content.decode()
    for text in (
        "Modèle d&#x27;accord",
        "Agence Lozère",
        "Lozère Développement",
        'href="https://www.etalab.gouv.fr/licence-ouverte-open-licence/" rel="license"',
        'href="https://exemple.fr/accord" rel="noopener nofollow"',
        "Mise en place du télétravail",
        "Entreprise",
        "12 mai 2025",
    ):
        assert text in content, text
    # Who proposed it is not the public's business.
    assert member.email not in content


def test_a_resource_page_with_another_slug_redirects_to_its_own(client, member, staff_user):
    item = published(member, staff_user, title="Guide du télétravail")
    response = client.get(f"/ressources/{item.pk}-ancien-titre/")
    assert response.status_code == 301
    assert response["Location"] == f"/ressources/{item.pk}-guide-du-teletravail/"


def test_an_unknown_resource_is_a_404(client):
    assert client.get("/ressources/999-rien/").status_code == 404
    assert client.get("/ressources/999/fichier/").status_code == 404


def test_a_link_resource_has_no_file(client, member, staff_user):
    item = published(member, staff_user)
    assert client.get(f"/ressources/{item.pk}/fichier/").status_code == 404


def test_the_source_event_is_named_and_linked(client, member, staff_user):
    item = published(
        member,
        staff_user,
        source_event_title="Rencontres du télétravail 2011",
        source_url="https://exemple.fr/rencontres-2011",
    )
    content = client.get(item.get_absolute_url()).content.decode()
    assert '<a href="https://exemple.fr/rencontres-2011">Rencontres du télétravail 2011</a>' in content


def test_the_proposer_sees_their_proposal_waiting_and_may_take_it_back(client, member):
    item = propose(member)
    client.force_login(member)
    content = client.get(item.get_absolute_url()).content.decode()
    assert "l'équipe du réseau la relit" in content
    assert f'action="/ressources/{item.pk}/retirer/"' in content


# --- The file ---------------------------------------------------------------------------------------------------


def test_a_pdf_is_served_inline_with_its_type_and_nosniff(client, member, staff_user):
    item = published(member, staff_user, url="", upload=pdf_upload("Guide.exe"))
    response = client.get(f"/ressources/{item.pk}/fichier/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="Guide.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    # No sandbox for a PDF shown in place (Chromium would refuse to start its viewer); never framed elsewhere.
    assert response["Content-Security-Policy"] == "frame-ancestors 'self'"
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_an_image_is_served_inline_re_encoded_and_sandboxed(client, member, staff_user):
    upload = SimpleUploadedFile("affiche.pdf", PNG_BYTES, content_type="application/pdf")
    item = published(member, staff_user, url="", upload=upload)
    response = client.get(f"/ressources/{item.pk}/fichier/")
    assert response["Content-Type"] == "image/jpeg"  # re-encoded: no metadata survives
    assert response["Content-Disposition"] == 'inline; filename="affiche.jpg"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_a_stored_file_that_is_no_longer_what_it_was_downloads_as_an_attachment(client, member, staff_user):
    """Whatever the database says, the type comes from the bytes: a file changed on the disk is never shown."""
    item = published(member, staff_user, url="", upload=pdf_upload())
    with open(item.file.path, "wb") as stored:
        stored.write(b"<html><script>alert(1)</script></html>")
    response = client.get(f"/ressources/{item.pk}/fichier/")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_file_gone_from_the_disk_is_a_404(client, member, staff_user):
    item = published(member, staff_user, url="", upload=pdf_upload())
    item.file.storage.delete(item.file.name)
    assert client.get(f"/ressources/{item.pk}/fichier/").status_code == 404


# --- The proposal form ------------------------------------------------------------------------------------------


def _form(**overrides):
    data = {
        "title": "Guide des tiers-lieux",
        "summary": "Où télétravailler en Lozère.",
        "kind": "guide",
        "author": "Réseau SoLozère",
        "organisation": "",
        "document_date": "2025-09-01",
        "licence": "cc_by_sa_4_0",
        "licence_other": "",
        "topics": ["third_places"],
        "audiences": ["teleworker", "job_seeker"],
        "url": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_a_member_sends_a_pdf_through_the_form(client, member, on_commit):
    client.force_login(member)
    with on_commit(execute=True):
        response = client.post("/ressources/proposer/", _form(file=pdf_upload("tiers-lieux.pdf")))
    item = LibraryItem.objects.get()
    assert response.status_code == 302 and response["Location"] == item.get_absolute_url()
    assert item.status == Status.PROPOSED and item.file_content_type == "application/pdf"
    assert sorted(item.audiences.values_list("code", flat=True)) == ["job_seeker", "teleworker"]
    assert len(mail.outbox) == 1
    assert "votre ressource est envoyée" in client.get(response["Location"]).content.decode()


def test_html_sent_as_a_pdf_is_refused_in_french_and_the_form_is_kept(client, member):
    client.force_login(member)
    fake = SimpleUploadedFile("guide.pdf", b"<html><body>Pas un PDF</body></html>", content_type="application/pdf")
    response = client.post("/ressources/proposer/", _form(file=fake))
    assert response.status_code == 400
    content = response.content.decode()
    assert "Ce fichier n&#x27;est ni un PDF, ni une image JPEG, PNG ou WebP" in content
    assert 'value="Guide des tiers-lieux"' in content
    assert "Où télétravailler en Lozère." in content
    assert 'value="third_places" id="id_topics_' in content and "checked" in content
    assert "choisissez-le de nouveau" not in content  # the file is the field at fault: it says so itself
    assert LibraryItem.objects.count() == 0


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(document.cookie)", "JAVASCRIPT:alert(1)", "data:text/html;base64,PHNjcmlwdD4=", "ftp://a.fr/b"],
)
def test_a_link_that_is_not_a_web_page_is_refused_by_the_form(client, member, url):
    client.force_login(member)
    response = client.post("/ressources/proposer/", _form(url=url))
    assert response.status_code == 400
    # Once in the summary, once beside the field: one validator, one message.
    assert response.content.decode().count("Saisissez une adresse web qui commence par https://.") == 2
    assert LibraryItem.objects.count() == 0


def test_the_form_asks_for_the_file_again_only_when_one_was_chosen(client, member):
    client.force_login(member)
    with_file = client.post("/ressources/proposer/", _form(file=pdf_upload(), title=""))
    assert "choisissez-le de nouveau" in with_file.content.decode()
    without = client.post("/ressources/proposer/", _form(url="https://a.fr", title=""))
    assert "choisissez-le de nouveau" not in without.content.decode()


def test_a_link_without_scheme_becomes_https(client, member):
    client.force_login(member)
    assert client.post("/ressources/proposer/", _form(url="exemple.fr/guide")).status_code == 302
    assert LibraryItem.objects.get().url == "https://exemple.fr/guide"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({}, "Envoyez un document (PDF ou image) ou indiquez le lien de la ressource."),
        ({"url": "https://a.fr", "file": "x"}, "pas les deux"),
        ({"url": "https://a.fr", "licence": "other"}, "Précisez la licence."),
        ({"url": "https://a.fr", "topics": None}, "Choisissez au moins un thème."),
        ({"url": "https://a.fr", "topics": ["cuisine"]}, "Sélectionnez un choix valide"),
        ({"url": "https://a.fr", "document_date": "31/02/2025"}, "Saisissez une date valide."),
        ({"url": "https://a.fr", "kind": ""}, "Ce champ est obligatoire."),
        ({"url": "https://a.fr", "title": "x" * 201}, "200 caractères"),
    ],
)
def test_bad_input_gets_a_french_message_and_keeps_what_was_typed(client, member, overrides, message):
    if overrides.get("file") == "x":
        overrides = {**overrides, "file": pdf_upload()}
    client.force_login(member)
    response = client.post("/ressources/proposer/", _form(**overrides))
    assert response.status_code == 400
    content = response.content.decode()
    assert message in content.replace("&#x27;", "'")
    assert "Le formulaire contient" in content
    assert "Où télétravailler en Lozère." in content
    assert LibraryItem.objects.count() == 0


def test_a_nul_byte_in_the_form_is_no_500(client, member):
    client.force_login(member)
    response = client.post("/ressources/proposer/", _form(url="https://a.fr", title="Guide\x00", author="A\x00"))
    assert response.status_code in (302, 400)


# --- The proposer's own list ------------------------------------------------------------------------------------


def test_the_proposer_lists_their_proposals_with_their_state_and_reason(client, member, staff_user):
    from solozere.resources.services import item_reject

    published(member, staff_user, title="Publiée")
    item_reject(actor=staff_user, item=propose(member, title="Refusée"), reason="Document déjà en ligne.")
    propose(member, title="En attente")
    propose(staff_user, title="Celle d'un autre")
    client.force_login(member)
    content = client.get("/ressources/mes-propositions/").content.decode()
    for text in ("Publiée", "Refusée", "Document déjà en ligne.", "En attente", "À relire"):
        assert text in content
    assert "Celle d" not in content
    assert content.count("Retirer ma proposition") == 1


def test_taking_back_a_proposal_from_the_list(client, member):
    item = propose(member)
    client.force_login(member)
    response = client.post(f"/ressources/{item.pk}/retirer/", follow=True)
    assert "Votre proposition est retirée" in response.content.decode()
    item.refresh_from_db()
    assert item.status == Status.WITHDRAWN
    # A second time: the state says why not, no 500.
    response = client.post(f"/ressources/{item.pk}/retirer/", follow=True)
    assert "la ressource est « retirée »" in response.content.decode()


def test_the_account_page_counts_the_proposals(client, member):
    propose(member)
    propose(member)
    client.force_login(member)
    content = client.get("/compte/profil/").content.decode()
    assert "Vous avez proposé 2 ressources (2 à relire par l'équipe)." in content
    assert 'href="/ressources/mes-propositions/"' in content


def test_the_account_page_of_someone_without_role_or_proposal_says_nothing_of_resources(client, plain_user):
    client.force_login(plain_user)
    assert "resources-account-title" not in client.get("/compte/profil/").content.decode()


# --- The staff's review -----------------------------------------------------------------------------------------


def test_the_dashboard_counts_the_resources_to_review(client, member, staff_user):
    propose(member)
    propose(member)
    published(member, staff_user)
    client.force_login(staff_user)
    content = client.get("/equipe/").content.decode()
    assert (
        '<a href="/equipe/ressources/?etat=proposed"><strong class="queue-count">2</strong> Ressources à relire</a>'
        in (content)
    )


def test_the_queue_lists_the_oldest_proposal_first(client, member, staff_user):
    first = propose(member, title="Première")
    propose(member, title="Seconde")
    client.force_login(staff_user)
    response = client.get("/equipe/ressources/")
    assert [item.title for item in response.context["items"]] == ["Première", "Seconde"]
    assert f'href="/equipe/ressources/{first.pk}/"' in response.content.decode()


def test_an_unknown_state_in_the_queue_shows_those_to_review(client, member, staff_user):
    propose(member)
    client.force_login(staff_user)
    response = client.get("/equipe/ressources/", {"etat": "<script>", "page": "x"})
    assert response.status_code == 200 and len(response.context["items"]) == 1


def test_the_staff_publish_from_the_review_page(client, member, staff_user, on_commit):
    item = propose(member)
    client.force_login(staff_user)
    content = client.get(f"/equipe/ressources/{item.pk}/").content.decode()
    assert member.email in content and "Publier la ressource" in content
    with on_commit(execute=True):
        response = client.post(f"/equipe/ressources/{item.pk}/publier/", follow=True)
    assert "Ressource publiée" in response.content.decode()
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED
    assert mail.outbox[-1].to == [member.email]
    # Publishing again: told why not.
    response = client.post(f"/equipe/ressources/{item.pk}/publier/", follow=True)
    assert "la ressource est « publiée »" in response.content.decode()


def test_a_refusal_without_reason_is_told_in_french_and_nothing_changes(client, member, staff_user):
    item = propose(member)
    client.force_login(staff_user)
    response = client.post(f"/equipe/ressources/{item.pk}/refuser/", {"refuser-reason": "  "})
    assert response.status_code == 400
    assert "Indiquez le motif : il est envoyé à la personne qui a proposé la ressource." in response.content.decode()
    item.refresh_from_db()
    assert item.status == Status.PROPOSED


def test_a_refusal_with_its_reason(client, member, staff_user, on_commit):
    item = propose(member)
    client.force_login(staff_user)
    with on_commit(execute=True):
        response = client.post(f"/equipe/ressources/{item.pk}/refuser/", {"refuser-reason": "Hors du sujet."})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == Status.REJECTED
    assert "Motif : Hors du sujet." in mail.outbox[-1].body
    content = client.get(f"/equipe/ressources/{item.pk}/").content.decode()
    assert "Hors du sujet." in content and "Publier la ressource" not in content


def test_withdrawing_a_published_resource_takes_it_off_the_list(client, member, staff_user):
    item = published(member, staff_user, title="Guide périmé")
    client.force_login(staff_user)
    assert "Retirer la ressource" in client.get(f"/equipe/ressources/{item.pk}/").content.decode()
    response = client.post(f"/equipe/ressources/{item.pk}/retirer/", {"retirer-reason": "Remplacé."})
    assert response.status_code == 302
    client.logout()
    assert "Guide périmé" not in client.get("/ressources/").content.decode()


def test_an_unknown_resource_in_the_staff_area_is_a_404(client, staff_user):
    client.force_login(staff_user)
    assert client.get("/equipe/ressources/999/").status_code == 404
    assert client.post("/equipe/ressources/999/publier/").status_code == 404
