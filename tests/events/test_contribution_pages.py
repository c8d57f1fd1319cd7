"""Contributions through HTTP: every role on every page, proposing from the event page, the organiser's answers,
publishing a document checked by its content, the served file, withdrawing, bad input, the list's query count."""

import html

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from solozere.events.models import Contribution, ContributionLog
from solozere.events.workflow import ContributionStatus
from tests.accounts.factories import UserFactory
from tests.aids.factories import PDF_BYTES, PNG_BYTES
from tests.events.factories import EventFactory, EventSiteFactory
from tests.events.factories_contributions import ContributionFactory
from tests.places.factories import PlaceFactory

pytestmark = pytest.mark.django_db

SIGNED_IN = ["plain_user", "member", "place_manager", "partner_agent", "staff_user", "organiser"]
# Who organises an event of the place `organiser` manages: its managers and the network's staff. Everyone else
# (another place's manager included) gets a 404 on the organiser's pages.
ORGANISERS = {"staff_user", "organiser"}


def text(response) -> str:  # type: ignore[no-untyped-def]
    return html.unescape(response.content.decode())


@pytest.fixture
def organiser(db):  # type: ignore[no-untyped-def]
    """The manager of the place that organises the events below."""
    return UserFactory(email="organisatrice@comptoir.example", first_name="Odile", last_name="Organise")


@pytest.fixture
def organiser_place(organiser):  # type: ignore[no-untyped-def]
    place = PlaceFactory(name="Comptoir d'Aumont-Aubrac")
    place.managers.add(organiser)
    return place


@pytest.fixture
def upcoming(organiser_place):  # type: ignore[no-untyped-def]
    """A published rencontre in ten days with its call for contributions open."""
    event = EventFactory(
        title="Rencontres du télétravail", organiser_place=organiser_place, contributions_open=True, created_by=None
    )
    EventSiteFactory(event=event, place=organiser_place)
    return event


@pytest.fixture
def past(organiser_place):  # type: ignore[no-untyped-def]
    """The same kind of event, held ten days ago."""
    event = EventFactory(title="Rencontres de l'an dernier", organiser_place=organiser_place, past=True)
    EventSiteFactory(event=event, place=organiser_place)
    return event


@pytest.fixture
def proposer(db):  # type: ignore[no-untyped-def]
    return UserFactory(email="intervenante@example.org", first_name="Inès", last_name="Intervient")


@pytest.fixture
def accepted(past, proposer):  # type: ignore[no-untyped-def]
    return ContributionFactory(event=past, proposed_by=proposer, accepted=True)


def login(client, request, persona):  # type: ignore[no-untyped-def]
    if persona != "visitor":
        client.force_login(request.getfixturevalue(persona))


def pdf(name="support.pdf", content=PDF_BYTES):  # type: ignore[no-untyped-def]
    return SimpleUploadedFile(name, content, content_type="application/pdf")


MATERIAL = {"link": "https://www.youtube.com/watch?v=abc123", "notes": "Les points clés.", "licence": "cc_by_4_0"}


# --- Every role on every page ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["visitor", *SIGNED_IN])
def test_the_organiser_pages_are_the_organiser_s_and_the_staff_s_only(client, request, persona, upcoming, past):
    login(client, request, persona)
    pages = [
        reverse("events:contributions", args=[upcoming.slug]),
        reverse("events:contributions", args=[past.slug]),
        reverse("events:contribution_publish_direct", args=[past.slug]),
        reverse("events:survey_results", args=[past.slug]),
    ]
    for url in pages:
        response = client.get(url)
        if persona == "visitor":
            assert response.status_code == 302 and response["Location"].startswith(reverse("account_login")), url
        elif persona in ORGANISERS:
            assert response.status_code == 200, url
        else:
            assert response.status_code == 404, url


@pytest.mark.parametrize("persona", ["visitor", *SIGNED_IN])
def test_the_organiser_s_actions_are_a_404_for_anyone_else(client, request, persona, upcoming):
    contribution = ContributionFactory(event=upcoming)
    login(client, request, persona)
    for name in ("contribution_accept", "contribution_decline"):
        response = client.post(reverse(f"events:{name}", args=[upcoming.slug, contribution.pk]), {"c-reason": "x"})
        if persona == "visitor":
            assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
        elif persona in ORGANISERS:
            assert response.status_code in (302, 400)
        else:
            assert response.status_code == 404
    contribution.refresh_from_db()
    expected = ContributionStatus.ACCEPTED if persona in ORGANISERS else ContributionStatus.PROPOSED
    assert contribution.status == expected


@pytest.mark.parametrize("persona", ["visitor", *SIGNED_IN])
def test_anyone_signed_in_may_open_the_proposal_form(client, request, persona, upcoming):
    login(client, request, persona)
    response = client.get(reverse("events:contribution_propose", args=[upcoming.slug]))
    if persona == "visitor":
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == 200
        assert "Envoyer la proposition" in text(response)


@pytest.mark.parametrize("persona", ["visitor", *SIGNED_IN, "proposer"])
def test_publishing_a_proposal_is_for_its_proposer_and_the_organiser(client, request, persona, accepted):
    login(client, request, persona)
    url = reverse("events:contribution_publish", args=[accepted.event.slug, accepted.pk])
    response = client.get(url)
    if persona == "visitor":
        assert response.status_code == 302
    elif persona in ORGANISERS | {"proposer"}:
        assert response.status_code == 200
        assert "Publier la contribution" in text(response)
    else:
        assert response.status_code == 404
    withdraw = client.post(reverse("events:contribution_unpublish", args=[accepted.event.slug, accepted.pk]))
    assert withdraw.status_code == (302 if persona in ORGANISERS | {"proposer", "visitor"} else 404)


@pytest.mark.parametrize("persona", ["visitor", *SIGNED_IN])
def test_a_published_document_is_public_an_unpublished_one_is_not(client, request, persona, past, proposer):
    published = ContributionFactory(event=past, published=True)
    unpublished = ContributionFactory(
        event=past, proposed_by=proposer, accepted=True, file=published.file.name, file_type="application/pdf"
    )
    login(client, request, persona)
    assert client.get(reverse("events:contribution_document", args=[past.slug, published.pk])).status_code == 200
    response = client.get(reverse("events:contribution_document", args=[past.slug, unpublished.pk]))
    assert response.status_code == (200 if persona in ORGANISERS else 404)


def test_a_draft_event_s_contributions_are_a_404_for_all_but_its_organisers(client, member, organiser_place):
    event = EventFactory(draft=True, organiser_place=organiser_place)
    contribution = ContributionFactory(event=event, published=True)
    contribution.event = event
    contribution.save()
    client.force_login(member)
    for url in (
        reverse("events:contribution_propose", args=[event.slug]),
        reverse("events:contribution_document", args=[event.slug, contribution.pk]),
    ):
        assert client.get(url).status_code == 404


def test_a_contribution_of_another_event_is_a_404(client, organiser, upcoming, past):
    other = ContributionFactory(event=EventFactory())
    client.force_login(organiser)
    assert client.post(reverse("events:contribution_accept", args=[upcoming.slug, other.pk])).status_code == 404
    assert client.get(reverse("events:contribution_publish", args=[past.slug, other.pk])).status_code == 404


# --- Proposing ------------------------------------------------------------------------------------------------------


def test_a_person_proposes_from_the_event_page_and_follows_its_state(client, proposer, upcoming, organiser, on_commit):
    upcoming.created_by = organiser
    upcoming.save()
    client.force_login(proposer)
    page = text(client.get(upcoming.get_absolute_url()))
    propose_url = reverse("events:contribution_propose", args=[upcoming.slug])
    assert "Appel à contributions" in page and propose_url in page

    with on_commit(execute=True):
        response = client.post(
            propose_url,
            {
                "kind": "workshop",
                "title": "Atelier : organiser sa semaine en télétravail",
                "summary": "Une heure, des exercices.",
                "speaker": "Inès Intervient",
                "organisation_name": "Coopérative d'activités",
            },
        )
    assert response.status_code == 302
    assert response["Location"] == f"{upcoming.get_absolute_url()}#mes-contributions"
    contribution = Contribution.objects.get()
    assert (contribution.status, contribution.kind, contribution.proposed_by) == ("proposed", "workshop", proposer)
    assert ContributionLog.objects.get().action == "propose"
    assert [m.to for m in mail.outbox] == [[organiser.email]]
    assert reverse("events:contributions", args=[upcoming.slug]) in mail.outbox[0].body

    page = text(client.get(upcoming.get_absolute_url()))
    assert "Vos propositions" in page and "Atelier : organiser sa semaine en télétravail" in page
    assert "proposée" in page


def test_a_visitor_is_invited_to_sign_in_to_propose(client, upcoming):
    page = text(client.get(upcoming.get_absolute_url()))
    assert "Se connecter pour proposer une contribution" in page


def test_the_call_closes_when_the_event_starts_or_the_organiser_closes_it(client, member, upcoming, past):
    client.force_login(member)
    closed = EventFactory(contributions_open=False)
    for event in (closed, past):
        url = reverse("events:contribution_propose", args=[event.slug])
        assert "L'appel à contributions est fermé" in text(client.get(url))
        response = client.post(url, {"kind": "talk", "title": "Trop tard"})
        assert response.status_code == 400
        assert "L'appel à contributions de cet événement est fermé." in text(response)
    assert not Contribution.objects.exists()
    assert "Se connecter pour proposer" not in text(client.get(closed.get_absolute_url()))


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"kind": "talk", "title": ""}, "title", "Donnez un titre."),
        ({"kind": "keynote", "title": "Titre"}, "kind", "Choisissez un des types proposés."),
        ({"kind": "slides", "title": "Titre"}, "kind", "Choisissez un des types proposés."),
        ({"kind": "talk", "title": "T" * 201}, "title", "Ce texte est trop long : 200 caractères au plus."),
        ({"kind": "talk", "title": "Titre", "summary": "x" * 100_000}, "summary", "3000 caractères au plus"),
    ],
)
def test_a_bad_proposal_is_refused_in_french_and_keeps_what_was_typed(client, member, upcoming, data, field, message):
    client.force_login(member)
    data = {"speaker": "Camille Martin", "organisation_name": "Structure gardée", **data}
    response = client.post(reverse("events:contribution_propose", args=[upcoming.slug]), data)
    assert response.status_code == 400
    page = text(response)
    assert message in page
    assert 'value="Structure gardée"' in page
    assert response.context["form"].errors[field]
    assert not Contribution.objects.exists()


# --- The organiser answers ------------------------------------------------------------------------------------------


def test_the_organiser_accepts_and_declines_and_the_proposers_are_told(client, organiser, upcoming, on_commit):
    first = ContributionFactory(event=upcoming, title="Le coworking rural")
    second = ContributionFactory(event=upcoming, title="La fibre à la ferme")
    client.force_login(organiser)
    page = text(client.get(reverse("events:contributions", args=[upcoming.slug])))
    assert "Le coworking rural" in page and "La fibre à la ferme" in page and first.proposed_by.email in page

    with on_commit(execute=True):
        assert client.post(reverse("events:contribution_accept", args=[upcoming.slug, first.pk])).status_code == 302
        declined = client.post(
            reverse("events:contribution_decline", args=[upcoming.slug, second.pk]),
            {f"c{second.pk}-reason": "Le programme est complet."},
        )
    assert declined.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status, second.decision_reason) == (
        "accepted",
        "declined",
        "Le programme est complet.",
    )
    assert [m.to for m in mail.outbox] == [[first.proposed_by.email], [second.proposed_by.email]]
    assert "Le programme est complet." in mail.outbox[1].body
    assert ContributionLog.objects.get(contribution=second).reason == "Le programme est complet."


def test_declining_without_a_reason_is_refused_in_french(client, organiser, upcoming):
    contribution = ContributionFactory(event=upcoming)
    client.force_login(organiser)
    response = client.post(
        reverse("events:contribution_decline", args=[upcoming.slug, contribution.pk]),
        {f"c{contribution.pk}-reason": " "},
    )
    assert response.status_code == 400
    assert "Indiquez le motif : la personne le recevra par e-mail." in text(response)
    contribution.refresh_from_db()
    assert contribution.status == "proposed"
    assert not mail.outbox


def test_answering_twice_says_why_in_french(client, organiser, upcoming):
    contribution = ContributionFactory(event=upcoming, accepted=True)
    client.force_login(organiser)
    response = client.post(reverse("events:contribution_accept", args=[upcoming.slug, contribution.pk]), follow=True)
    assert "impossible : la contribution est « acceptée »" in text(response)


def test_the_organiser_s_list_costs_the_same_with_more_contributions(
    client, organiser, upcoming, django_assert_max_num_queries
):
    client.force_login(organiser)
    url = reverse("events:contributions", args=[upcoming.slug])
    ContributionFactory(event=upcoming)
    with django_assert_max_num_queries(14) as few:
        assert client.get(url).status_code == 200
    for trait in ({}, {"accepted": True}, {"declined": True}) * 4:
        ContributionFactory(event=upcoming, **trait)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_event_page_costs_the_same_with_more_contributions(client, proposer, past, django_assert_max_num_queries):
    client.force_login(proposer)
    ContributionFactory(event=past, published=True)
    with django_assert_max_num_queries(30) as few:
        assert client.get(past.get_absolute_url()).status_code == 200
    for _ in range(6):
        ContributionFactory(event=past, published=True)
        ContributionFactory(event=past, proposed_by=proposer, accepted=True)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(past.get_absolute_url()).status_code == 200


# --- Publishing after the event -------------------------------------------------------------------------------------


def test_the_accepted_contributor_publishes_a_pdf_and_it_shows_on_the_event_page(client, proposer, accepted, visitor):
    client.force_login(proposer)
    url = reverse("events:contribution_publish", args=[accepted.event.slug, accepted.pk])
    response = client.post(url, {"file": pdf("Mon support.pdf"), **MATERIAL})
    assert response.status_code == 302
    assert response["Location"] == f"{accepted.event.get_absolute_url()}#contribution-{accepted.pk}"
    accepted.refresh_from_db()
    assert accepted.status == "published" and accepted.published_at is not None
    assert (accepted.file_type, accepted.file_name, accepted.licence) == (
        "application/pdf",
        "Mon support.pdf",
        "cc_by_4_0",
    )
    assert accepted.file.name.startswith(f"events/{accepted.event_id}/") and accepted.file.name.endswith(".pdf")

    page = text(visitor.get(accepted.event.get_absolute_url()))
    assert accepted.title in page
    assert reverse("events:contribution_document", args=[accepted.event.slug, accepted.pk]) in page
    assert "https://www.youtube.com/watch?v=abc123" in page and "Licence : CC-BY 4.0" in page


def test_publishing_before_the_event_is_over_is_refused_in_french(client, proposer, upcoming):
    contribution = ContributionFactory(event=upcoming, proposed_by=proposer, accepted=True)
    client.force_login(proposer)
    url = reverse("events:contribution_publish", args=[upcoming.slug, contribution.pk])
    assert "Les contributions se publient une fois l'événement terminé" in text(client.get(url))
    response = client.post(url, {"file": pdf(), **MATERIAL})
    assert response.status_code == 400
    assert "Les contributions se publient une fois l'événement terminé" in text(response)
    contribution.refresh_from_db()
    assert contribution.status == "accepted" and not contribution.file


def test_a_proposal_not_accepted_cannot_be_published(client, proposer, past):
    contribution = ContributionFactory(event=past, proposed_by=proposer)
    client.force_login(proposer)
    response = client.post(
        reverse("events:contribution_publish", args=[past.slug, contribution.pk]), {"notes": "x", "licence": "lo_2_0"}
    )
    assert response.status_code == 400
    assert "impossible : la contribution est « proposée »" in text(response)


def test_html_renamed_pdf_is_refused_in_french_and_the_form_kept(client, organiser, accepted):
    client.force_login(organiser)
    fake = SimpleUploadedFile("support.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
    response = client.post(
        reverse("events:contribution_publish", args=[accepted.event.slug, accepted.pk]),
        {"file": fake, **MATERIAL},
    )
    assert response.status_code == 400
    page = text(response)
    assert "Ce fichier porte l'extension .pdf mais n'est pas un PDF" in page
    assert 'value="https://www.youtube.com/watch?v=abc123"' in page
    assert "Les points clés." in page
    assert response.context["form"].errors["file"]
    accepted.refresh_from_db()
    assert accepted.status == "accepted" and not accepted.file


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.exe", b"MZ\x90\x00binary", "n'est ni un PDF, ni une image JPEG, PNG ou WebP"),
        ("vide.pdf", b"", "Le fichier envoyé est vide."),
        ("coupe.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\n", "Ce PDF semble incomplet ou abîmé"),
    ],
)
def test_a_file_that_is_not_what_it_claims_is_refused(client, organiser, accepted, name, content, message):
    client.force_login(organiser)
    response = client.post(
        reverse("events:contribution_publish", args=[accepted.event.slug, accepted.pk]),
        {"file": SimpleUploadedFile(name, content), **MATERIAL},
    )
    assert response.status_code == 400
    assert message in text(response)
    accepted.refresh_from_db()
    assert accepted.status == "accepted"


@pytest.mark.parametrize(
    "link", ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "ftp://example.org/x", "pas un lien"]
)
def test_a_link_that_is_not_a_web_page_is_refused(client, organiser, accepted, link):
    client.force_login(organiser)
    response = client.post(
        reverse("events:contribution_publish", args=[accepted.event.slug, accepted.pk]),
        {**MATERIAL, "link": link},
    )
    assert response.status_code == 400
    assert "Donnez l'adresse complète d'une page web, commençant par https://" in text(response)
    assert "Les points clés." in text(response)
    accepted.refresh_from_db()
    assert accepted.status == "accepted" and accepted.link == ""


def test_nothing_to_publish_or_no_licence_is_refused(client, organiser, accepted):
    client.force_login(organiser)
    url = reverse("events:contribution_publish", args=[accepted.event.slug, accepted.pk])
    empty = client.post(url, {"licence": "cc_by_4_0"})
    assert "Ajoutez au moins un document, un lien vers une vidéo ou une page, ou des notes." in text(empty)
    no_licence = client.post(url, {"notes": "Compte rendu"})
    assert "Choisissez la licence sous laquelle la contribution est publiée." in text(no_licence)
    bad_licence = client.post(url, {"notes": "Compte rendu", "licence": "wtfpl"})
    assert "Choisissez une des licences proposées." in text(bad_licence)
    assert {r.status_code for r in (empty, no_licence, bad_licence)} == {400}


def test_the_organiser_publishes_directly_with_an_image(client, organiser, past):
    client.force_login(organiser)
    response = client.post(
        reverse("events:contribution_publish_direct", args=[past.slug]),
        {
            "kind": "notes",
            "title": "Compte rendu de la journée",
            "speaker": "L'équipe du Comptoir",
            "file": SimpleUploadedFile("tableau.png", PNG_BYTES),
            "licence": "lo_2_0",
        },
    )
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert (contribution.status, contribution.proposed_by, contribution.kind) == ("published", None, "notes")
    assert contribution.file_type in ("image/jpeg", "image/webp")  # re-encoded without metadata
    assert ContributionLog.objects.get().action == "publish_direct"
    assert "Compte rendu de la journée" in text(client.get(past.get_absolute_url()))


def test_direct_publication_before_the_event_is_refused(client, organiser, upcoming):
    client.force_login(organiser)
    url = reverse("events:contribution_publish_direct", args=[upcoming.slug])
    response = client.post(url, {"kind": "slides", "title": "Trop tôt", "notes": "x", "licence": "lo_2_0"})
    assert response.status_code == 400
    assert "Les contributions se publient une fois l'événement terminé" in text(response)
    assert not Contribution.objects.exists()


# --- The served document --------------------------------------------------------------------------------------------


def test_a_pdf_is_served_inline_with_its_sniffed_type_and_nosniff(client, organiser, accepted):
    client.force_login(organiser)
    client.post(
        reverse("events:contribution_publish", args=[accepted.event.slug, accepted.pk]),
        {"file": pdf('..\\"support" final.exe'), **MATERIAL},
    )
    client.logout()
    response = client.get(reverse("events:contribution_document", args=[accepted.event.slug, accepted.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="support final.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" not in response["Content-Security-Policy"]  # Chromium's PDF viewer refuses to run sandboxed
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_an_image_is_served_inline_sandboxed(client, organiser, past):
    client.force_login(organiser)
    client.post(
        reverse("events:contribution_publish_direct", args=[past.slug]),
        {
            "kind": "slides",
            "title": "Photo du tableau",
            "file": SimpleUploadedFile("t.png", PNG_BYTES),
            "licence": "lo_2_0",
        },
    )
    contribution = Contribution.objects.get()
    response = client.get(reverse("events:contribution_document", args=[past.slug, contribution.pk]))
    assert response["Content-Type"] == contribution.file_type
    assert response["Content-Disposition"].startswith("inline;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_a_stored_file_of_an_unknown_type_downloads_as_an_attachment(client, past):
    contribution = ContributionFactory(event=past, published=True)
    contribution.file.save("x.bin", SimpleUploadedFile("x.bin", b"not a known type"), save=True)
    response = client.get(reverse("events:contribution_document", args=[past.slug, contribution.pk]))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_contribution_without_a_document_has_none_to_serve(client, past):
    contribution = ContributionFactory(event=past, published=True, file="", notes="Des notes")
    assert client.get(reverse("events:contribution_document", args=[past.slug, contribution.pk])).status_code == 404


# --- Withdrawing ----------------------------------------------------------------------------------------------------


def test_the_contributor_withdraws_and_it_leaves_the_event_page(client, proposer, past, visitor, on_commit):
    contribution = ContributionFactory(event=past, proposed_by=proposer, published=True, title="À retirer")
    contribution.event = past
    contribution.save()
    assert "À retirer" in text(visitor.get(past.get_absolute_url()))
    client.force_login(proposer)
    with on_commit(execute=True):
        response = client.post(reverse("events:contribution_unpublish", args=[past.slug, contribution.pk]))
    assert response["Location"] == f"{past.get_absolute_url()}#mes-contributions"
    contribution.refresh_from_db()
    assert contribution.status == "withdrawn"
    assert "À retirer" not in text(visitor.get(past.get_absolute_url()))
    assert client.get(reverse("events:contribution_document", args=[past.slug, contribution.pk])).status_code == 200
    assert visitor.get(reverse("events:contribution_document", args=[past.slug, contribution.pk])).status_code == 404
    assert not mail.outbox  # their own doing


def test_the_organiser_withdraws_and_the_contributor_is_told(client, organiser, proposer, past, on_commit):
    contribution = ContributionFactory(event=past, proposed_by=proposer, published=True)
    contribution.event = past
    contribution.save()
    client.force_login(organiser)
    with on_commit(execute=True):
        response = client.post(
            reverse("events:contribution_unpublish", args=[past.slug, contribution.pk]), {"reason": "Erreur de fichier"}
        )
    assert response["Location"] == reverse("events:contributions", args=[past.slug])
    assert [m.to for m in mail.outbox] == [[proposer.email]]
    assert "Erreur de fichier" in mail.outbox[0].body
    again = client.post(reverse("events:contribution_unpublish", args=[past.slug, contribution.pk]), follow=True)
    assert "impossible : la contribution est « retirée »" in text(again)


# --- Validity -------------------------------------------------------------------------------------------------------


def test_the_contribution_and_survey_pages_have_no_html_errors(client, organiser, proposer, upcoming, past, tmp_path):
    from tests.events.factories import RegistrationFactory
    from tests.events.factories_contributions import SurveyResponseFactory
    from tests.html_checker import nu_errors

    ContributionFactory(event=upcoming, proposed_by=proposer)
    accepted = ContributionFactory(event=past, proposed_by=proposer, accepted=True)
    ContributionFactory(event=past, proposed_by=proposer, declined=True)
    published = ContributionFactory(event=past, published=True, link="https://video.example/a", notes="Notes")
    published.event = past
    published.save()
    site = past.sites.get()
    for rating in (5, 5, 5, 5, 5, 4, 4, 4, 4, 4, 1):
        SurveyResponseFactory(registration=RegistrationFactory(site=site, attended=True), rating=rating, comment="Bien")
    token = RegistrationFactory(site=site, attended=True).token
    pages = {
        "past event, visitor": (client.get(past.get_absolute_url()), 200),
        "survey": (client.get(reverse("events:survey", args=[token])), 200),
        "survey errors": (client.post(reverse("events:survey", args=[token]), {"rating": "9"}), 400),
        "survey not found": (client.get(reverse("events:survey", args=["nope"])), 404),
    }
    pages["survey done"] = (client.post(reverse("events:survey", args=[token]), {"rating": "3", "useful": "non"}), 200)
    client.force_login(proposer)
    pages["upcoming, proposer"] = (client.get(upcoming.get_absolute_url()), 200)
    pages["past, proposer"] = (client.get(past.get_absolute_url()), 200)
    pages["propose"] = (client.get(reverse("events:contribution_propose", args=[upcoming.slug])), 200)
    pages["propose errors"] = (
        client.post(reverse("events:contribution_propose", args=[upcoming.slug]), {"kind": "x"}),
        400,
    )
    pages["publish"] = (client.get(reverse("events:contribution_publish", args=[past.slug, accepted.pk])), 200)
    pages["publish errors"] = (
        client.post(reverse("events:contribution_publish", args=[past.slug, accepted.pk]), {"link": "javascript:x"}),
        400,
    )
    client.force_login(organiser)
    pages["list (call open)"] = (client.get(reverse("events:contributions", args=[upcoming.slug])), 200)
    pages["list (past)"] = (client.get(reverse("events:contributions", args=[past.slug])), 200)
    pages["publish directly"] = (client.get(reverse("events:contribution_publish_direct", args=[past.slug])), 200)
    pages["results"] = (client.get(reverse("events:survey_results", args=[past.slug])), 200)
    files = []
    for name, (response, status) in pages.items():
        assert response.status_code == status, name
        path = tmp_path / f"{len(files):02d}.html"
        path.write_bytes(response.content)
        files.append((name, path))
    assert nu_errors(files) == []


def test_a_cancelled_event_shows_no_contribution_section(client, organiser_place):
    event = EventFactory(cancelled=True, organiser_place=organiser_place, past=True)
    event.status = "cancelled"
    event.save()
    page = text(client.get(event.get_absolute_url()))
    assert "Aucune contribution n'est publiée" not in page
    assert "Appel à contributions" not in page


def test_the_agent_of_an_organising_partner_answers_proposals(client, partner_agent, upcoming, on_commit):
    from solozere.organisations.models import Organisation

    upcoming.organisations.add(Organisation.objects.get(slug="test"))
    contribution = ContributionFactory(event=upcoming)
    client.force_login(partner_agent)
    assert client.get(reverse("events:contributions", args=[upcoming.slug])).status_code == 200
    with on_commit(execute=True):
        client.post(reverse("events:contribution_accept", args=[upcoming.slug, contribution.pk]))
    contribution.refresh_from_db()
    assert contribution.status == "accepted"
    assert [m.to for m in mail.outbox] == [[contribution.proposed_by.email]]
