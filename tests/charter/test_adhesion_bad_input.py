"""Bad input on the adhesion and review forms: French messages, nothing typed lost, never a 500, nothing saved;
uploads checked by their content and size."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from solozere.charter.models import EvidenceKind, PlaceMembership, ReviewState
from solozere.charter.services import version_criteria
from solozere.places.models import PlaceKind
from tests.charter.test_adhesion import adhesion_post, details_post
from tests.places.factories import apply_for, comptoir_ready, telecentre_ready, tiny_jpeg

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _ready(territory, charter_v1):  # type: ignore[no-untyped-def]
    pass


@pytest.fixture
def comptoir(manager):  # type: ignore[no-untyped-def]
    place = comptoir_ready(name="Comptoir de Chanac")
    place.managers.add(manager)
    return place


@pytest.fixture
def telecentre(manager):  # type: ignore[no-untyped-def]
    place = telecentre_ready(name="Télécentre de Saint-Chély")
    place.managers.add(manager)
    return place


def criterion_pk(version, kind: str, evidence_kind: str) -> int:
    return next(c.pk for c in version_criteria(version, kind) if c.evidence_kind == evidence_kind)


def post(client, place, data):
    return client.post(f"/lieux/{place.slug}/adhesion/", data)


def test_an_empty_application_lists_every_missing_piece_in_french(client, comptoir, manager):
    client.force_login(manager)

    response = post(client, comptoir, {"type": "comptoir"})

    text = response.content.decode()
    assert response.status_code == 400
    assert "Expliquez en quelques mots comment ce critère est rempli." in text
    assert "Ajoutez une photo." in text
    assert "Cochez la case pour accepter la charte" in text
    assert not PlaceMembership.objects.exists()


def test_a_text_file_named_like_a_photo_is_refused(client, comptoir, manager, charter_v1):
    client.force_login(manager)
    pk = criterion_pk(charter_v1, "comptoir", EvidenceKind.PHOTO)
    data = {**details_post(comptoir), **adhesion_post(charter_v1, "comptoir")}
    data[f"critere-{pk}-file"] = SimpleUploadedFile("espace.jpg", b"GIF89a not really", content_type="image/jpeg")

    response = post(client, comptoir, data)

    assert response.status_code == 400
    assert "n&#x27;est pas une image JPEG, PNG ou WebP lisible" in response.content.decode()
    assert "choisissez-les de nouveau" in response.content.decode()
    assert not PlaceMembership.objects.exists()


def test_a_document_must_be_a_pdf_or_an_image(client, telecentre, manager, charter_v1):
    client.force_login(manager)
    pk = criterion_pk(charter_v1, "telecentre", EvidenceKind.DOCUMENT)
    data = {**details_post(telecentre), **adhesion_post(charter_v1, "telecentre")}
    data[f"critere-{pk}-file"] = SimpleUploadedFile(
        "programme.pdf", b"<html><script>alert(1)</script>", content_type="application/pdf"
    )

    response = post(client, telecentre, data)

    assert "n&#x27;est ni un PDF, ni une image JPEG, PNG ou WebP" in response.content.decode()


def test_a_truncated_pdf_is_refused(client, telecentre, manager, charter_v1):
    client.force_login(manager)
    pk = criterion_pk(charter_v1, "telecentre", EvidenceKind.DOCUMENT)
    data = {**details_post(telecentre), **adhesion_post(charter_v1, "telecentre")}
    data[f"critere-{pk}-file"] = SimpleUploadedFile("p.pdf", b"%PDF-1.4\n1 0 obj", content_type="application/pdf")

    assert "Ce PDF semble incomplet" in post(client, telecentre, data).content.decode()


def test_a_file_over_the_limit_is_refused_with_the_sizes(client, comptoir, manager, charter_v1, settings):
    settings.PLACES_EVIDENCE_MAX_BYTES = 200
    client.force_login(manager)
    pk = criterion_pk(charter_v1, "comptoir", EvidenceKind.PHOTO)
    data = {**details_post(comptoir), **adhesion_post(charter_v1, "comptoir")}
    data[f"critere-{pk}-file"] = SimpleUploadedFile("espace.jpg", tiny_jpeg(), content_type="image/jpeg")

    text = post(client, comptoir, data).content.decode()

    assert "la limite est de 200" in text


def test_an_empty_file_is_refused(client, comptoir, manager, charter_v1):
    client.force_login(manager)
    pk = criterion_pk(charter_v1, "comptoir", EvidenceKind.PHOTO)
    data = {**details_post(comptoir), **adhesion_post(charter_v1, "comptoir")}
    data[f"critere-{pk}-file"] = SimpleUploadedFile("espace.jpg", b"", content_type="image/jpeg")

    assert "Le fichier envoyé est vide." in post(client, comptoir, data).content.decode()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("rapide", "Saisissez un nombre, par exemple 45 ou 45,5."),
        ("0", "Ce nombre doit être supérieur à zéro."),
        ("1000000", "Ce nombre ne peut pas dépasser 100000."),
        ("45,55", "Un chiffre après la virgule au plus."),
        ("", "Indiquez le débit descendant mesuré, en Mbit/s."),
    ],
)
def test_a_bad_speed_figure_is_explained_and_kept(client, telecentre, manager, charter_v1, value, message):
    client.force_login(manager)
    pk = criterion_pk(charter_v1, "telecentre", EvidenceKind.SPEED_TEST)
    data = {**details_post(telecentre), **adhesion_post(charter_v1, "telecentre")}
    data[f"critere-{pk}-speed_mbps"] = value

    text = post(client, telecentre, data).content.decode()

    assert message in text
    if value:
        assert f'value="{value}"' in text


def test_too_long_and_hostile_texts_are_explained_and_kept_escaped(client, comptoir, manager, charter_v1):
    client.force_login(manager)
    pk = criterion_pk(charter_v1, "comptoir", EvidenceKind.TEXT)
    data = {**details_post(comptoir), **adhesion_post(charter_v1, "comptoir")}
    data[f"critere-{pk}-text"] = "<script>alert(1)</script>" + "x" * 2000
    data["lieu-description"] = "<img src=x onerror=alert(2)>"

    text = post(client, comptoir, data).content.decode()

    assert "au plus 2000 caractères" in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "&lt;img src=x onerror=alert(2)&gt;" in text
    assert "<script>alert(1)" not in text


def test_hostile_text_that_fits_is_kept_as_text(client, comptoir, manager, staff_user, charter_v1):
    client.force_login(manager)
    pk = criterion_pk(charter_v1, "comptoir", EvidenceKind.TEXT)
    data = {**details_post(comptoir), **adhesion_post(charter_v1, "comptoir")}
    data[f"critere-{pk}-text"] = "<script>alert(1)</script>"
    post(client, comptoir, data)
    membership = PlaceMembership.objects.get()
    client.force_login(staff_user)

    page = client.get(f"/equipe/charte/adhesions/{membership.pk}/").content.decode()

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page


def test_an_unknown_kind_is_explained(client, comptoir, manager):
    client.force_login(manager)

    response = client.get(f"/lieux/{comptoir.slug}/adhesion/?type=moulin")

    assert response.status_code == 400
    assert "Choisissez Comptoir ou Télécentre." in response.content.decode()


def test_invalid_place_details_are_explained_inside_the_application(client, comptoir, manager, charter_v1):
    client.force_login(manager)
    data = {**details_post(comptoir), **adhesion_post(charter_v1, "comptoir")}
    data["lieu-opening_hours"] = "tous les jours"
    data["lieu-desks"] = "beaucoup"

    text = post(client, comptoir, data).content.decode()

    assert "Ces horaires ne sont pas lisibles" in text
    assert "Saisissez un nombre." in text
    assert 'value="tous les jours"' in text
    assert 'value="beaucoup"' in text


def test_posting_while_an_application_waits_is_refused(client, comptoir, manager, charter_v1):
    apply_for(comptoir, manager)
    client.force_login(manager)

    response = post(client, comptoir, {**details_post(comptoir), **adhesion_post(charter_v1, "comptoir")})

    assert response.status_code == 302
    assert PlaceMembership.objects.count() == 1


# --- The review form --------------------------------------------------------------------------------------------


@pytest.fixture
def submitted(comptoir, manager):  # type: ignore[no-untyped-def]
    return apply_for(comptoir, manager)


def review(client, staff_user, membership, data):
    client.force_login(staff_user)
    return client.post(f"/equipe/charte/adhesions/{membership.pk}/", data)


def test_a_review_without_verdicts_is_explained(client, submitted, staff_user):
    response = review(client, staff_user, submitted, {"decision": "approve"})

    assert response.status_code == 400
    assert response.content.decode().count("Donnez un avis sur ce critère.") >= 4


def test_a_rejected_criterion_needs_a_reason(client, submitted, staff_user):
    data = {"decision": "refuse"}
    for row in submitted.evidence.all():
        data[f"etat_{row.pk}"] = ReviewState.REJECTED

    text = review(client, staff_user, submitted, data).content.decode()

    assert "Dites pourquoi ce critère n&#x27;est pas conforme." in text


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"decision": "peut-etre"}, "Décision inconnue."),
        ({"decision": ""}, "Choisissez de valider ou de refuser."),
        ({"note": "x" * 2001}, "au plus 2000 caractères"),
        ({"verdict": "bof"}, "Avis inconnu : choisissez conforme ou non conforme."),
    ],
)
def test_bad_review_input_is_explained(client, submitted, staff_user, change, message):
    data = {"decision": "approve", "note": ""}
    for row in submitted.evidence.all():
        data[f"etat_{row.pk}"] = change.get("verdict", ReviewState.ACCEPTED)
    data.update({key: value for key, value in change.items() if key != "verdict"})

    response = review(client, staff_user, submitted, data)

    assert response.status_code == 400
    assert message in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


def test_a_reinstatement_note_too_long_is_explained(client, manager, staff_user):
    from solozere.places.services import place_update
    from tests.places.factories import member_place

    place = member_place(manager, staff_user, name="Comptoir suspendu")
    place_update(actor=manager, place=place, data={"wifi": "paid"})
    membership = place.memberships.get()
    client.force_login(staff_user)

    response = client.post(f"/equipe/charte/adhesions/{membership.pk}/retablir/", {"note": "x" * 2001})
    still_broken = client.post(f"/equipe/charte/adhesions/{membership.pk}/retablir/", {"note": ""})

    assert "au plus 2000 caractères" in response.content.decode()
    assert "ne peut pas être rétabli" in still_broken.content.decode()
    assert still_broken.status_code == 400


def test_the_telecentre_form_omits_the_download_field_its_speed_test_fills(client, telecentre, manager):
    client.force_login(manager)

    page = client.get(f"/lieux/{telecentre.slug}/adhesion/").content.decode()

    assert 'name="lieu-download_mbps"' not in page
    assert "Débit descendant mesuré (Mbit/s)" in page
    assert PlaceKind.TELECENTRE in page
