"""Representing a company needs a proof reviewed by staff; the first person to type a SIRET no longer owns it; the
real representative can contest (issue 8)."""

import importlib

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps as django_apps
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from solozere.aids import services
from solozere.aids.models import ClaimTransition, Company, RepresentationClaim
from solozere.aids.workflow import ClaimStatus
from solozere.backoffice.selectors import staff_queues
from tests.accounts.factories import UserFactory
from tests.aids.conftest import draft_data, pdf
from tests.aids.factories import VALID_SIRET, CompanyFactory


def _ready(user, scheme, **kwargs):
    draft = services.application_save_draft(user=user, scheme=scheme, data=draft_data(scheme, **kwargs))
    for line in draft.expenses.all():
        services.document_add(user=user, application=draft, kind="quote", upload=pdf(), expense_line=line)
    services.document_add(user=user, application=draft, kind="proof_of_address", upload=pdf("edf.pdf"))
    return draft


def _submit(user, draft):
    return services.application_submit(
        user=user, application=draft, accuracy=True, rules_accepted=True, no_double_funding=True
    )


def test_the_first_person_to_type_a_siret_does_not_own_it(telework_scheme, applicant):
    draft = _ready(applicant, telework_scheme)
    assert not draft.company.representatives.exists()
    with pytest.raises(services.ServiceError, match="pas encore vérifié que vous représentez"):
        _submit(applicant, draft)


def test_a_kbis_reviewed_by_staff_makes_a_representative(client, telework_scheme, applicant, staff_user, on_commit):
    draft = _ready(applicant, telework_scheme)
    client.force_login(applicant)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert f"/aide-teletravail/entreprises/{draft.company_id}/representer/" in page
    response = client.post(
        f"/aide-teletravail/entreprises/{draft.company_id}/representer/",
        {"proof": "document", "file": pdf("kbis.pdf"), "role_in_company": "gérante"},
    )
    assert response.status_code == 302
    claim = RepresentationClaim.objects.get()
    assert claim.status == ClaimStatus.PENDING and claim.file.name.startswith("aids/representation/")
    assert claim.transitions.get().to_state == ClaimStatus.PENDING
    with pytest.raises(services.ServiceError):
        _submit(applicant, draft)  # still pending

    client.force_login(staff_user)
    queues = {q.label: q.count for group in staff_queues() for q in group.queues}
    assert queues["Représentations d'entreprises à vérifier"] == 1
    assert "kbis.pdf" in client.get(f"/equipe/aides/representations/{claim.pk}/").content.decode()
    assert client.get(f"/equipe/aides/representations/{claim.pk}/piece/").status_code == 200
    with on_commit(execute=True):
        response = client.post(f"/equipe/aides/representations/{claim.pk}/accepter/", {"reason": ""})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED and claim.decided_by == staff_user
    assert list(draft.company.representatives.all()) == [applicant]
    assert any(applicant.email in m.to and "Vous représentez" in m.subject for m in mail.outbox)
    assert _submit(applicant, draft).status == "submitted"


def test_a_second_claimant_is_not_blocked_and_a_contest_replaces_the_loser(
    telework_scheme, applicant, staff_user, on_commit
):
    usurper = UserFactory(email="premier@ailleurs.example")
    company = CompanyFactory(siret=VALID_SIRET, representatives=[usurper])
    _ready(applicant, telework_scheme)  # not blocked: the draft is saved
    claim = services.claim_file(user=applicant, company=company, proof="document", upload=pdf("kbis.pdf"), contest=True)
    assert claim.contest
    with on_commit(execute=True):
        services.claim_approve(actor=staff_user, claim=claim, reason="Kbis au nom de la gérante.")
    assert list(company.representatives.all()) == [applicant]
    [told] = [m for m in mail.outbox if usurper.email in m.to]
    assert "ne représentez plus" in told.subject


def test_a_refused_contest_tells_the_claimant(telework_scheme, applicant, staff_user, on_commit):
    owner = UserFactory()
    company = CompanyFactory(siret=VALID_SIRET, representatives=[owner])
    _ready(applicant, telework_scheme)
    claim = services.claim_file(user=applicant, company=company, proof="document", upload=pdf(), contest=True)
    with pytest.raises(services.ServiceError, match="motif"):
        services.claim_refuse(actor=staff_user, claim=claim, reason=" ")
    with on_commit(execute=True):
        services.claim_refuse(actor=staff_user, claim=claim, reason="Le Kbis est celui d'une autre société.")
    assert list(company.representatives.all()) == [owner]
    [told] = [m for m in mail.outbox if applicant.email in m.to]
    assert "refusée" in told.subject and "autre société" in told.body


@pytest.mark.parametrize(
    ("email", "website", "error"),
    [
        ("gerante@gmail.com", "https://gmail.com", "messagerie ouverte à tous"),
        ("gerante@orange.fr", "orange.fr", "messagerie ouverte à tous"),
        ("gerante@fromagerie.fr", "https://www.autre.fr", "n'est pas au domaine"),
        ("gerante@fromagerie.fr", "", "Indiquez l'adresse du site"),
        ("gerante@fromagerie.fr", "https://www.fromagerie.fr/mentions", None),
        ("gerante@fromagerie.fr", "boutique.fromagerie.fr", None),
        ("gerante@evilfromagerie.fr", "fromagerie.fr", "n'est pas au domaine"),
    ],
)
def test_the_email_domain_rule(email, website, error):
    result = services.email_domain_proof_error(email=email, website=website)
    assert (result is None) if error is None else (error in result)


def test_an_email_proof_needs_a_verified_address(telework_scheme, db):
    user = UserFactory(email="gerante@fromagerie-gevaudan.fr")
    company = CompanyFactory()
    EmailAddress.objects.filter(user=user).update(verified=False)
    with pytest.raises(services.ServiceError, match="vérifiée"):
        services.claim_file(user=user, company=company, proof="email_domain", website="fromagerie-gevaudan.fr")
    EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    claim = services.claim_file(user=user, company=company, proof="email_domain", website="fromagerie-gevaudan.fr")
    assert claim.status == ClaimStatus.PENDING and claim.email == user.email


def test_a_fake_document_is_refused_in_french(client, telework_scheme, applicant):
    draft = _ready(applicant, telework_scheme)
    client.force_login(applicant)
    response = client.post(
        f"/aide-teletravail/entreprises/{draft.company_id}/representer/",
        {"proof": "document", "file": SimpleUploadedFile("kbis.pdf", b"MZ\x90\x00 not a pdf")},
    )
    assert response.status_code == 400
    assert not RepresentationClaim.objects.exists()


@pytest.mark.parametrize("persona", ["visitor", "member", "company_representative"])
def test_the_staff_screens_are_for_staff_only(request, client, persona, applicant, telework_scheme):
    draft = _ready(applicant, telework_scheme)
    claim = services.claim_file(user=applicant, company=draft.company, proof="document", upload=pdf())
    if persona != "visitor":
        client.force_login(request.getfixturevalue(persona))
    for url in (
        "/equipe/aides/representations/",
        f"/equipe/aides/representations/{claim.pk}/",
        f"/equipe/aides/representations/{claim.pk}/piece/",
    ):
        assert client.get(url).status_code in (302, 403)
    assert client.post(f"/equipe/aides/representations/{claim.pk}/accepter/").status_code in (302, 403)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PENDING


def test_someone_else_cannot_claim_from_a_company_they_have_no_draft_for(client, member, applicant, telework_scheme):
    draft = _ready(applicant, telework_scheme)
    client.force_login(member)
    assert client.get(f"/aide-teletravail/entreprises/{draft.company_id}/representer/").status_code == 404


def test_existing_representatives_are_approved_before_the_proof_was_required(db):
    user = UserFactory()
    company = CompanyFactory(representatives=[user])
    migration = importlib.import_module("solozere.aids.migrations.0004_representation_claims")
    migration.approve_existing_representatives(django_apps, None)
    claim = RepresentationClaim.objects.get(company=company, claimant=user)
    assert claim.status == ClaimStatus.APPROVED and claim.proof == "before_proof"
    log = ClaimTransition.objects.get(claim=claim)
    assert log.to_state == "approved" and "avant que SoLozère exige une preuve" in log.reason
    assert Company.objects.filter(representatives=user).exists()  # nobody locked out


def test_claims_in_the_personal_data(telework_scheme, applicant, staff_user, on_commit):
    import json

    from solozere.accounts.personal_data import account_delete, personal_data_json

    draft = _ready(applicant, telework_scheme)
    claim = services.claim_file(user=applicant, company=draft.company, proof="document", upload=pdf("kbis.pdf"))
    services.claim_approve(actor=staff_user, claim=claim)
    staff_text = personal_data_json(user=staff_user)
    assert (
        "kbis.pdf" not in staff_text and "aids/representation" not in staff_text and applicant.email not in staff_text
    )
    assert json.loads(staff_text)["aids"]["instruction"]["representation_claims_decided"][0]["status"] == "acceptée"
    [mine] = json.loads(personal_data_json(user=applicant))["aids"]["representation_claims"]
    assert mine["file"] == "kbis.pdf"

    draft.delete()  # only the claim is left
    path = RepresentationClaim.objects.get().file.path
    with on_commit(execute=True):
        account_delete(user=applicant)
    assert not RepresentationClaim.objects.exists()
    import os

    assert not os.path.exists(path)


def test_the_admin_cannot_hand_out_a_company(client, superuser):
    company = CompanyFactory()
    intruder = UserFactory()
    client.force_login(superuser)
    url = f"/gestion/aids/company/{company.pk}/change/"
    assert client.get(url).status_code == 200
    client.post(
        url,
        {
            "siret": company.siret,
            "name": company.name,
            "address": company.address,
            "postal_code": company.postal_code,
            "city": company.city,
            "representatives": [intruder.pk],
        },
    )
    assert not company.representatives.exists()
