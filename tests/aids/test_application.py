"""The company's application: draft, eligibility before any upload, pieces, submission."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from solozere.aids import services
from solozere.aids.models import AidApplication, ApplicationDocument, Company
from solozere.aids.workflow import Status
from tests.accounts.factories import UserFactory
from tests.aids.conftest import draft_data, pdf, represent
from tests.aids.factories import PNG_BYTES, VALID_SIRET

pytestmark = pytest.mark.django_db


def plain(response):
    return (
        response.content.decode()
        .replace("\u202f", " ")
        .replace("\xa0", " ")
        .replace("&#x27;", "'")
        .replace("&quot;", '"')
    )


def form_data(scheme, **overrides):
    categories = {c.code: c.pk for c in scheme.categories.all()}
    data = {
        "siret": "732 829 320 00074",
        "company_name": "Fromagerie du Gévaudan",
        "company_address": "1 rue du Lait",
        "company_postal_code": "75002",
        "company_city": "Paris",
        "employee_first_name": "Camille",
        "employee_last_name": "Martin",
        "employee_birth_date": "17/05/1990",
        "employee_email": "camille@example.org",
        "employee_address": "Le bourg",
        "commune": "Javols",
        "new_setup": "yes",
        "telework_start": "",
        "expenses-TOTAL_FORMS": "3",
        "expenses-INITIAL_FORMS": "0",
        "expenses-MIN_NUM_FORMS": "0",
        "expenses-MAX_NUM_FORMS": "20",
        "expenses-0-category": str(categories["equipment"]),
        "expenses-0-description": "Ordinateur portable",
        "expenses-0-amount_excl_tax": "1 500",
        "expenses-0-amount_incl_tax": "1 800",
        "expenses-1-category": str(categories["home_office"]),
        "expenses-1-description": "Bureau",
        "expenses-1-amount_excl_tax": "750",
        "expenses-1-amount_incl_tax": "900",
    }
    data.update(overrides)
    return data


# --- Draft, in steps ------------------------------------------------------------------------------

COMPANY_FIELDS = ("siret", "company_name", "company_address", "company_postal_code", "company_city")
EMPLOYEE_FIELDS = (
    "employee_first_name",
    "employee_last_name",
    "employee_birth_date",
    "employee_email",
    "employee_address",
    "commune",
    "commune_choice",
    "new_setup",
    "telework_start",
)


def step_data(data, step, go="next"):
    if step == "entreprise":
        keys = COMPANY_FIELDS
    elif step == "salarie":
        keys = EMPLOYEE_FIELDS
    else:
        return {k: v for k, v in data.items() if k.startswith("expenses-")} | {"go": go}
    return {k: data[k] for k in keys if k in data} | {"go": go}


def new_url(scheme):
    return f"/aide-teletravail/dispositifs/{scheme.slug}/demande/"


def step_url(application, step):
    return f"/aide-teletravail/demandes/{application.pk}/modifier/{step}/"


def fill_in(client, scheme, data):
    """The three form steps, as a person goes through them; the draft and the last response."""
    response = client.post(new_url(scheme), step_data(data, "entreprise"))
    assert response.status_code == 302, plain(response)
    application = AidApplication.objects.latest("pk")
    assert response["Location"] == step_url(application, "salarie")
    for step in ("salarie", "depenses"):
        response = client.post(step_url(application, step), step_data(data, step))
        if response.status_code != 302:
            return application, response
    return application, response


def test_an_anonymous_visitor_is_sent_to_the_login_page_and_back(client, telework_scheme):
    url = f"/aide-teletravail/dispositifs/{telework_scheme.slug}/demande/?reponses=abc"
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/login/?next=")
    assert "reponses%3Dabc" in response["Location"]


def test_a_representative_saves_a_draft_step_by_step(client, telework_scheme, applicant):
    represent(applicant)
    client.force_login(applicant)
    application, response = fill_in(client, telework_scheme, form_data(telework_scheme))
    assert response.status_code == 302 and response["Location"] == f"{application.get_absolute_url()}#pieces"
    application.refresh_from_db()
    assert application.status == Status.DRAFT
    assert application.company.siret == VALID_SIRET
    assert list(application.company.representatives.all()) == [applicant]
    assert application.employee_commune.name == "Javols"
    assert [
        (e.category.code, e.amount_excl_tax, e.amount_incl_tax) for e in application.expenses.order_by("position")
    ] == [
        ("equipment", Decimal("1500"), Decimal("1800")),
        ("home_office", Decimal("750"), Decimal("900")),
    ]
    html = plain(client.get(application.get_absolute_url()))
    assert "Brouillon" in html
    # 1 500 HT for the company, 900 TTC for the employee.
    assert "Montant maximal au vu des dépenses : <strong>2 400 €</strong>" in html
    assert "Ajouter la pièce" in html


def test_each_step_shows_where_the_person_is(client, draft, applicant):
    client.force_login(applicant)
    html = plain(client.get(step_url(draft, "salarie")))
    assert '<nav class="steps" aria-label="Étapes">' in html
    assert "Étape 2 sur 5 : Télétravailleur et lieu" in html
    assert 'aria-current="step"' in html
    # The other steps are links: back and forth.
    assert f'href="{step_url(draft, "entreprise")}"' in html
    assert f'href="{step_url(draft, "depenses")}"' in html
    assert "Étape 4 sur 5 : Pièces" in plain(client.get(draft.get_absolute_url()))


def test_the_steps_are_the_shared_component(client, draft, applicant):
    """One step indicator on the site: the aid application draws components/steps.html, its own copy is gone."""
    client.force_login(applicant)
    html = plain(client.get(step_url(draft, "salarie")))
    assert '<p class="steps-status">Étape 2 sur 5 : Télétravailleur et lieu</p>' in html
    assert "(terminée)" in html and "(à venir)" in html
    with pytest.raises(TemplateDoesNotExist):
        get_template("aids/_steps.html")


def test_going_back_saves_the_step_and_loses_nothing(client, draft, applicant):
    client.force_login(applicant)
    data = step_data(form_data(draft.scheme, employee_first_name="Camille-Anne"), "salarie", go="prev")
    response = client.post(step_url(draft, "salarie"), data)
    assert response.status_code == 302 and response["Location"] == step_url(draft, "entreprise")
    draft.refresh_from_db()
    assert draft.employee_first_name == "Camille-Anne"
    html = plain(client.get(step_url(draft, "salarie")))
    assert 'value="Camille-Anne"' in html and 'value="Javols"' in html


def test_a_draft_saves_with_required_answers_missing(client, telework_scheme, applicant):
    represent(applicant)
    client.force_login(applicant)
    response = client.post(new_url(telework_scheme), {"siret": VALID_SIRET, "go": "stay"})
    assert response.status_code == 302
    application = AidApplication.objects.get()
    assert response["Location"] == step_url(application, "entreprise")
    response = client.post(step_url(application, "salarie"), {"employee_first_name": "Camille", "go": "stay"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.employee_first_name == "Camille" and application.employee_birth_date is None
    # Submission checks completeness and says what is missing, each with a link to its step.
    html = plain(client.get(application.get_absolute_url()))
    assert "Avant de déposer, il manque" in html
    assert f'<a href="{step_url(application, "salarie")}">la date de naissance du salarié</a>' in html
    assert f'<a href="{step_url(application, "entreprise")}">la raison sociale de l\'entreprise</a>' in html
    response = client.post(
        f"/aide-teletravail/demandes/{application.pk}/deposer/",
        {"declares_accuracy": "on", "declares_rules_accepted": "on", "declares_no_double_funding": "on"},
    )
    assert response.status_code == 400
    assert "La demande est incomplète. Il manque" in plain(response)
    application.refresh_from_db()
    assert application.status == Status.DRAFT


def test_a_draft_needs_at_least_its_siret(client, telework_scheme, applicant):
    client.force_login(applicant)
    response = client.post(new_url(telework_scheme), {"company_name": "Fromagerie", "go": "stay"})
    assert response.status_code == 400
    html = plain(response)
    assert "il suffit pour enregistrer le brouillon" in html and 'value="Fromagerie"' in html
    assert AidApplication.objects.count() == 0


def test_a_line_is_added_with_a_button_without_losing_what_was_typed(client, draft, applicant):
    client.force_login(applicant)
    lines = list(draft.expenses.order_by("position"))
    html = plain(client.get(step_url(draft, "depenses")))
    assert 'name="expenses-TOTAL_FORMS" value="3"' in html  # two lines, one empty
    assert "Ajouter une ligne" in html
    data = {
        "expenses-TOTAL_FORMS": "3",
        "expenses-INITIAL_FORMS": "2",
        "expenses-MIN_NUM_FORMS": "0",
        "expenses-MAX_NUM_FORMS": "20",
        "expenses-0-line_id": str(lines[0].pk),
        "expenses-0-category": str(lines[0].category_id),
        "expenses-0-description": "Ordinateur plus puissant",
        "expenses-0-amount_excl_tax": "1 700",
        "expenses-1-line_id": str(lines[1].pk),
        "expenses-1-category": str(lines[1].category_id),
        "expenses-1-description": "Bureau",
        "expenses-1-amount_excl_tax": "750",
        "expenses-1-amount_incl_tax": "900",
        "expenses-2-description": "Écran",
        "add_line": "1",
    }
    response = client.post(step_url(draft, "depenses"), data)
    assert response.status_code == 200
    html = plain(response)
    assert 'name="expenses-TOTAL_FORMS" value="4"' in html
    assert 'value="Ordinateur plus puissant"' in html and 'value="1 700"' in html and 'value="Écran"' in html
    assert 'name="expenses-3-description"' in html
    assert "error-summary" not in html  # nothing is checked yet: the person is still typing
    # Nothing saved until the person saves.
    assert draft.expenses.get(pk=lines[0].pk).description == "Ordinateur portable"


def test_the_draft_can_be_edited_and_a_line_removed(client, draft, applicant):
    client.force_login(applicant)
    lines = list(draft.expenses.order_by("position"))
    data = form_data(
        draft.scheme,
        **{
            "expenses-INITIAL_FORMS": "2",
            "expenses-0-line_id": str(lines[0].pk),
            "expenses-1-line_id": str(lines[1].pk),
            "expenses-1-DELETE": "on",
        },
    )
    response = client.post(step_url(draft, "depenses"), step_data(data, "depenses", go="stay"))
    assert response.status_code == 302
    assert list(draft.expenses.values_list("pk", flat=True)) == [lines[0].pk]


def test_a_company_expense_needs_no_amount_including_tax(client, draft, applicant):
    """The hint says the HT amount is retained for a company's expense: the TTC amount is not demanded."""
    client.force_login(applicant)
    equipment = draft.scheme.categories.get(code="equipment")
    data = {
        "expenses-TOTAL_FORMS": "1",
        "expenses-INITIAL_FORMS": "0",
        "expenses-MIN_NUM_FORMS": "0",
        "expenses-MAX_NUM_FORMS": "20",
        "expenses-0-category": str(equipment.pk),
        "expenses-0-description": "Matériel",
        "expenses-0-amount_excl_tax": "1 000",
        "go": "stay",
    }
    response = client.post(step_url(draft, "depenses"), data)
    assert response.status_code == 302, plain(response)
    line = draft.expenses.get()
    assert line.amount_excl_tax == Decimal("1000") and line.amount_incl_tax is None
    assert line.eligible_amount == Decimal("1000")
    assert "1 000 € HT — montant retenu : 1 000 €" in plain(client.get(draft.get_absolute_url()))


def test_an_employee_expense_still_needs_its_amount_including_tax(client, draft, applicant):
    client.force_login(applicant)
    home_office = draft.scheme.categories.get(code="home_office")
    data = {
        "expenses-TOTAL_FORMS": "1",
        "expenses-INITIAL_FORMS": "0",
        "expenses-MIN_NUM_FORMS": "0",
        "expenses-MAX_NUM_FORMS": "20",
        "expenses-0-category": str(home_office.pk),
        "expenses-0-description": "Bureau",
        "expenses-0-amount_excl_tax": "750",
        "go": "stay",
    }
    response = client.post(step_url(draft, "depenses"), data)
    assert response.status_code == 400
    assert "Le montant TTC est obligatoire" in plain(response)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("siret", "73282932000075", "clé de contrôle ne correspond pas"),
        ("siret", "1234", "14 chiffres (vous en avez saisi 4)"),
        ("company_postal_code", "750", "Un code postal compte 5 chiffres"),
        ("employee_birth_date", "31/02/1990", "Indiquez une date valide"),
        ("employee_birth_date", "17/05/2090", "pas plausible"),
        ("commune", "Atlantis", "Aucune commune de Lozère ne correspond"),
        ("expenses-0-amount_excl_tax", "-100", "supérieur à zéro"),
        ("expenses-0-amount_excl_tax", "5000000", "vérifiez la saisie"),
        ("expenses-0-amount_incl_tax", "100", "ne peut pas être inférieur au montant HT"),
        ("expenses-0-amount_incl_tax", "9000", "plus de 20 %"),
        ("expenses-0-category", "999999", "Catégorie de dépense inconnue"),
        ("expenses-0-description", "", "Décrivez la dépense"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_typed_is_lost(
    client, telework_scheme, applicant, field, value, message
):
    client.force_login(applicant)
    data = form_data(telework_scheme, **{field: value})
    if field in COMPANY_FIELDS:
        step, kept = "entreprise", {"Fromagerie du Gévaudan", "1 rue du Lait"}
        response = client.post(new_url(telework_scheme), step_data(data, step))
        assert AidApplication.objects.count() == 0
    else:
        _application, response = fill_in(client, telework_scheme, data)
        step = "salarie" if field in EMPLOYEE_FIELDS else "depenses"
        kept = {"Camille", "Le bourg"} if step == "salarie" else {"Ordinateur portable", "Bureau"}
        if field == "expenses-0-description":
            kept.remove("Ordinateur portable")
    assert response.status_code == 400
    html = plain(response)
    assert message in html
    assert 'class="error-summary"' in html and 'role="alert"' in html
    for text in kept:
        assert text in html
    if value and field != "expenses-0-category":  # a select cannot show a choice that does not exist
        assert f'value="{value}"' in html


def test_a_category_of_another_scheme_is_unknown(client, draft, applicant):
    from tests.aids.factories import AidSchemeFactory

    other = AidSchemeFactory(zone=draft.scheme.zone)
    client.force_login(applicant)
    data = form_data(draft.scheme, **{"expenses-0-category": str(other.categories.first().pk)})
    response = client.post(step_url(draft, "depenses"), step_data(data, "depenses"))
    assert response.status_code == 400
    assert "Catégorie de dépense inconnue" in plain(response)


def test_a_company_represented_by_someone_else_cannot_be_taken_over(client, telework_scheme, applicant):
    owner = UserFactory()
    Company.objects.create(siret=VALID_SIRET, name="X", address="a", postal_code="48200", city="Y").representatives.add(
        owner
    )
    client.force_login(applicant)
    response = client.post(new_url(telework_scheme), step_data(form_data(telework_scheme), "entreprise"))
    # Not blocked (issue 8): the draft is saved, but typing the SIRET neither makes the person a representative nor
    # lets them rename the company; they file a claim with a proof (test_representation.py).
    assert response.status_code == 302
    company = Company.objects.get(siret=VALID_SIRET)
    assert company.name == "X" and list(company.representatives.all()) == [owner]


def test_a_postal_code_asks_which_commune(client, draft, applicant):
    client.force_login(applicant)
    data = form_data(draft.scheme, commune="48700")
    response = client.post(step_url(draft, "salarie"), step_data(data, "salarie"))
    assert response.status_code == 400
    html = plain(response)
    assert "Précisez la commune où habite le salarié" in html and "Serverette" in html
    data["commune_choice"] = "actuelle:48188"
    response = client.post(step_url(draft, "salarie"), step_data(data, "salarie"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.employee_commune.name == "Serverette"


def test_no_application_on_a_closed_scheme(client, telework_scheme, applicant):
    telework_scheme.status = "closed"
    telework_scheme.save()
    client.force_login(applicant)
    response = client.get(f"/aide-teletravail/dispositifs/{telework_scheme.slug}/demande/", follow=True)
    assert "ne reçoit pas de demande" in plain(response)


# --- Eligibility before any upload ---------------------------------------------------------------


def test_an_ineligible_application_is_stopped_before_any_upload(client, telework_scheme, applicant):
    application = services.application_save_draft(
        user=applicant, scheme=telework_scheme, data=draft_data(telework_scheme, commune="Mende")
    )
    client.force_login(applicant)
    html = plain(client.get(application.get_absolute_url()))
    assert "Demande non recevable" in html
    assert "Le salarié habite Mende, hors de la zone" in html
    assert "Ajouter la pièce" not in html
    line = application.expenses.first()
    response = client.post(
        f"/aide-teletravail/demandes/{application.pk}/pieces/",
        {"kind": "quote", "expense_line": line.pk, "file": pdf()},
    )
    assert response.status_code == 400
    assert "aucune pièce ne peut être ajoutée" in plain(response)
    assert ApplicationDocument.objects.count() == 0


def test_a_telework_already_in_place_is_stopped_too(telework_scheme, applicant):
    application = services.application_save_draft(
        user=applicant, scheme=telework_scheme, data=draft_data(telework_scheme, new_setup=False)
    )
    with pytest.raises(services.ServiceError, match="pas éligible"):
        services.document_add(user=applicant, application=application, kind="proof_of_address", upload=pdf())


# --- Pieces ---------------------------------------------------------------------------------------


def test_a_quote_is_uploaded_and_served_only_to_allowed_people(client, draft, applicant, staff_user):
    client.force_login(applicant)
    line = draft.expenses.first()
    response = client.post(
        f"/aide-teletravail/demandes/{draft.pk}/pieces/",
        {"kind": "quote", "expense_line": line.pk, "file": pdf("Devis Dell.pdf")},
    )
    assert response.status_code == 302
    document = ApplicationDocument.objects.get()
    assert document.content_type == "application/pdf" and document.expense_line == line
    assert document.file.name.startswith(f"aids/{draft.pk}/") and "Dell" not in document.file.name
    url = f"/aide-teletravail/pieces/{document.pk}/"
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in response["Content-Disposition"]
    client.force_login(staff_user)
    assert client.get(url).status_code == 200
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_pieces_are_not_under_media_root(draft, applicant, settings):
    from pathlib import Path

    document = services.document_add(user=applicant, application=draft, kind="proof_of_address", upload=pdf())
    assert not Path(document.file.path).is_relative_to(Path(settings.MEDIA_ROOT))
    with pytest.raises(ValueError):
        document.file.url  # noqa: B018


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("devis.pdf", b"MZ\x90\x00 this is an executable", "ni un PDF, ni une image JPEG ou PNG"),
        ("photo.png", b"GIF89a" + b"\x00" * 100, "ni un PDF, ni une image JPEG ou PNG"),
        ("devis.pdf", b"%PDF-1.4 truncated", "incomplet ou abîmé"),
        ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "illisible ou abîmée"),
        ("vide.pdf", b"", "Le fichier est vide"),
    ],
)
def test_files_of_the_wrong_type_are_refused(client, draft, applicant, name, content, message):
    client.force_login(applicant)
    response = client.post(
        f"/aide-teletravail/demandes/{draft.pk}/pieces/",
        {"kind": "proof_of_address", "file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 400
    assert message in plain(response)
    assert ApplicationDocument.objects.count() == 0
    # The draft itself is untouched.
    assert "Fromagerie du Gévaudan" in plain(response)


def test_a_file_too_large_is_refused(client, draft, applicant, settings):
    settings.AIDS_MAX_UPLOAD_BYTES = 1024
    client.force_login(applicant)
    big = SimpleUploadedFile("devis.pdf", b"%PDF-1.4\n" + b"0" * 2000 + b"\n%%EOF\n")
    response = client.post(f"/aide-teletravail/demandes/{draft.pk}/pieces/", {"kind": "proof_of_address", "file": big})
    assert response.status_code == 400
    assert "la limite est de 1 ko" in plain(response)


def test_a_png_image_is_accepted(draft, applicant):
    document = services.document_add(
        user=applicant, application=draft, kind="proof_of_address", upload=SimpleUploadedFile("scan.jpg", PNG_BYTES)
    )
    # Accepted, and kept re-encoded without metadata (an opaque image becomes a JPEG).
    assert document.content_type == "image/jpeg"
    assert document.file.name.endswith(".jpg")


def test_a_piece_of_a_draft_can_be_removed(client, ready_draft, applicant, django_capture_on_commit_callbacks):
    client.force_login(applicant)
    document = ready_draft.documents.first()
    path = document.file.path
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/aide-teletravail/demandes/{ready_draft.pk}/pieces/{document.pk}/retirer/")
    assert response.status_code == 302
    assert not ApplicationDocument.objects.filter(pk=document.pk).exists()
    import os

    assert not os.path.exists(path)


# --- Submission -----------------------------------------------------------------------------------


def test_submission_lists_what_is_missing(client, draft, applicant):
    client.force_login(applicant)
    data = {"declares_accuracy": "on", "declares_rules_accepted": "on", "declares_no_double_funding": "on"}
    response = client.post(f"/aide-teletravail/demandes/{draft.pk}/deposer/", data)
    assert response.status_code == 400
    html = plain(response)
    assert "Il manque encore" in html and "justificatif de domicile" in html and "Ordinateur portable" in html
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_submission_needs_the_three_declarations_and_keeps_the_ticks(client, ready_draft, applicant):
    client.force_login(applicant)
    response = client.post(f"/aide-teletravail/demandes/{ready_draft.pk}/deposer/", {"declares_accuracy": "on"})
    assert response.status_code == 400
    html = plain(response)
    assert "Cochez les trois déclarations" in html
    assert 'name="declares_accuracy" id="id_declares_accuracy" checked' in html or "checked" in html


def test_a_complete_application_is_submitted_and_everyone_is_emailed(
    client, ready_draft, applicant, settings, django_capture_on_commit_callbacks
):
    settings.CONTACT_EMAIL = "equipe@solozere.fr"
    client.force_login(applicant)
    data = {"declares_accuracy": "on", "declares_rules_accepted": "on", "declares_no_double_funding": "on"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/aide-teletravail/demandes/{ready_draft.pk}/deposer/", data)
    assert response.status_code == 302
    ready_draft.refresh_from_db()
    assert ready_draft.status == Status.SUBMITTED and ready_draft.submitted_at
    transition = ready_draft.transitions.get()
    assert (transition.from_state, transition.to_state, transition.actor) == ("draft", "submitted", applicant)
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["equipe@solozere.fr", "representant@entreprise.example"]
    assert "Demande d'aide déposée" in mail.outbox[0].subject + mail.outbox[1].subject
    html = plain(client.get(ready_draft.get_absolute_url()))
    assert "Modifier la demande" not in html and "Ajouter la pièce" not in html


def test_the_same_employee_cannot_be_funded_twice(telework_scheme, submitted):
    other_user = UserFactory()
    second = services.application_save_draft(
        user=other_user, scheme=telework_scheme, data=draft_data(telework_scheme, siret="44306184100047")
    )
    # Same person, typed differently.
    second.employee_first_name, second.employee_last_name = "CAMILLE", "martin"
    evaluation = services.evaluate_application(second)
    assert evaluation.rule("not_already_funded").outcome == "failed"
    assert not evaluation.eligible
    with pytest.raises(services.ServiceError, match="déjà une demande en cours"):
        services.document_add(user=other_user, application=second, kind="proof_of_address", upload=pdf())


def test_the_database_also_refuses_a_second_live_application(telework_scheme, submitted):
    """Even if two drafts race to submission, the unique constraint stops the second one."""
    other_user = UserFactory()
    second = services.application_save_draft(
        user=other_user, scheme=telework_scheme, data=draft_data(telework_scheme, siret="44306184100047")
    )
    AidApplication.objects.filter(pk=second.pk).update(status=Status.DRAFT)
    second.refresh_from_db()
    second.status = Status.SUBMITTED
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()


def test_a_draft_is_deleted_not_withdrawn(client, ready_draft, applicant, django_capture_on_commit_callbacks):
    client.force_login(applicant)
    html = plain(client.get(ready_draft.get_absolute_url()))
    assert "Retirer la demande" not in html
    assert "Supprimer le brouillon" in html
    assert 'class="button button-danger"' in html and "data-confirm=" in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/aide-teletravail/demandes/{ready_draft.pk}/supprimer/")
    assert response.status_code == 302 and response["Location"] == "/aide-teletravail/mes-demandes/"
    assert not AidApplication.objects.filter(pk=ready_draft.pk).exists()
    assert ApplicationDocument.objects.count() == 0


def test_a_submitted_application_is_withdrawn_with_a_danger_button(client, submitted, applicant):
    client.force_login(applicant)
    html = plain(client.get(submitted.get_absolute_url()))
    assert "Supprimer le brouillon" not in html
    assert "Retirer la demande" in html and 'class="button button-danger"' in html
    response = client.post(f"/aide-teletravail/demandes/{submitted.pk}/supprimer/")
    assert response.status_code == 302
    assert AidApplication.objects.filter(pk=submitted.pk).exists()
    response = client.post(
        f"/aide-teletravail/demandes/{submitted.pk}/retirer/", {"reason": "Le salarié a changé d'avis"}
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Status.WITHDRAWN
    assert submitted.transitions.latest("pk").reason == "Le salarié a changé d'avis"


def test_someone_else_cannot_delete_a_draft(client, draft):
    client.force_login(UserFactory())
    assert client.post(f"/aide-teletravail/demandes/{draft.pk}/supprimer/").status_code == 404
    assert AidApplication.objects.filter(pk=draft.pk).exists()


def test_my_applications_lists_only_my_companies(client, draft, applicant):
    other = services.application_save_draft(
        user=UserFactory(), scheme=draft.scheme, data=draft_data(draft.scheme, siret="44306184100047", first_name="Léa")
    )
    client.force_login(applicant)
    html = plain(client.get("/aide-teletravail/mes-demandes/"))
    assert draft.reference in html and other.reference not in html


def test_the_image_check_does_not_trust_the_extension():
    from solozere.aids.eligibility import InputError
    from solozere.aids.uploads import check_upload

    with pytest.raises(InputError):
        check_upload(SimpleUploadedFile("x.pdf", b"<html><script>alert(1)</script></html>"))
    checked = check_upload(SimpleUploadedFile("x.exe", PNG_BYTES))
    # An image is kept re-encoded, without its metadata: JPEG, or WebP where it has transparency.
    assert checked.content_type in ("image/jpeg", "image/webp")
    assert checked.extension in (".jpg", ".webp")


def test_a_photographed_proof_of_address_loses_its_exif_position():
    """The aid's uploads are re-encoded like every other image: a phone's EXIF (GPS position) is not stored."""
    import io

    from PIL import Image

    from solozere.aids.uploads import check_upload

    image = Image.new("RGB", (40, 30), (200, 180, 160))
    exif = Image.Exif()
    exif[0x8825] = {2: (44.0, 31.0, 0.0), 4: (3.0, 30.0, 0.0)}  # GPSInfo: latitude and longitude
    exif[0x010F] = "PhoneMaker"
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    assert b"PhoneMaker" in buffer.getvalue()

    checked = check_upload(SimpleUploadedFile("justificatif.jpg", buffer.getvalue()))

    assert b"PhoneMaker" not in checked.content
    assert not Image.open(io.BytesIO(checked.content)).getexif()


def test_the_fields_of_an_expense_line_are_not_marked_optional(telework_scheme):
    from django.template.loader import render_to_string

    from solozere.aids.forms import ExpenseLineForm

    form = ExpenseLineForm(prefix="expenses-0", scheme=telework_scheme)
    html = render_to_string("components/field.html", {"field": form["description"]})
    assert "Description" in html and "facultatif" not in html
