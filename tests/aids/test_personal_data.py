"""Aids and the personal-data registry (issue 8): unsent drafts go with the account and after a stated time; a staff
member's export holds their own data, not the people whose applications they instructed."""

import datetime as dt
import json
import os
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from solozere.accounts.models import User
from solozere.accounts.personal_data import AccountDeletionRefused, account_delete, personal_data_json
from solozere.aids import services
from solozere.aids.models import AidApplication, ApplicationDocument
from solozere.core.models import AuditLogEntry
from tests.aids.conftest import draft_data, pdf


def _age(application: AidApplication, days: int) -> None:
    past = timezone.now() - dt.timedelta(days=days)
    AidApplication.objects.filter(pk=application.pk).update(updated_at=past)
    ApplicationDocument.objects.filter(application=application).update(uploaded_at=past)


def test_an_unsent_draft_does_not_block_the_deletion_and_goes_with_the_account(ready_draft, applicant, on_commit):
    document = ready_draft.documents.first()
    path = document.file.path
    with on_commit(execute=True):
        account_delete(user=applicant)
    assert not User.objects.filter(pk=applicant.pk).exists()
    assert not AidApplication.objects.filter(pk=ready_draft.pk).exists()
    assert not os.path.exists(path)


def test_the_personal_data_page_offers_the_deletion_to_someone_with_only_a_draft(client, draft, applicant):
    client.force_login(applicant)
    page = client.get(reverse("accounts:personal_data")).content.decode()
    assert "dossiers de financement public que nous devons conserver" not in page
    assert "après 12 mois sans modification" in page


def test_a_submitted_application_still_blocks_the_deletion(submitted, applicant):
    with pytest.raises(AccountDeletionRefused):
        account_delete(user=applicant)
    assert AidApplication.objects.filter(pk=submitted.pk).exists()


def test_the_application_page_states_the_retention_of_a_draft(client, draft, applicant):
    client.force_login(applicant)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "supprimé, avec ses pièces, après 12 mois sans modification" in page


def test_purge_aid_drafts_lists_by_default_and_deletes_with_wet_run(ready_draft, applicant, telework_scheme, on_commit):
    fresh = services.application_save_draft(
        user=applicant,
        scheme=telework_scheme,
        data=draft_data(telework_scheme, first_name="Léa"),
    )
    _age(ready_draft, 400)
    path = ready_draft.documents.first().file.path
    out = StringIO()
    call_command("purge_aid_drafts", stdout=out)
    assert ready_draft.reference in out.getvalue() and fresh.reference not in out.getvalue()
    assert AidApplication.objects.filter(pk=ready_draft.pk).exists()  # a dry run by default

    with on_commit(execute=True):
        call_command("purge_aid_drafts", "--wet-run", stdout=StringIO())
    assert not AidApplication.objects.filter(pk=ready_draft.pk).exists()
    assert AidApplication.objects.filter(pk=fresh.pk).exists()
    assert not os.path.exists(path)
    assert AuditLogEntry.objects.filter(action=AuditLogEntry.Action.DELETE, object_id=str(ready_draft.pk)).exists()


def test_a_recent_piece_keeps_an_old_draft(ready_draft, applicant):
    _age(ready_draft, 400)
    services.document_add(user=applicant, application=ready_draft, kind="other", upload=pdf("autre.pdf"))
    assert services.drafts_purge() == 0


def test_the_purge_never_touches_a_submitted_application(submitted):
    _age(submitted, 4000)
    assert services.drafts_purge() == 0
    assert AidApplication.objects.filter(pk=submitted.pk).exists()


def test_a_staff_member_s_export_holds_their_own_data_not_the_applicants(submitted, staff_user):
    services.application_request_documents(actor=staff_user, application=submitted, message="Le RIB, svp.")
    services.annotation_add(actor=staff_user, application=submitted, body="Vérifier l'adresse de Camille.")
    services.application_refuse(actor=staff_user, application=submitted, motive="Hors zone.")
    text = personal_data_json(user=staff_user)
    data = json.loads(text)
    # Their own: the account and the references of what they did.
    assert data["account"]["email"] == staff_user.email
    assert submitted.reference in data["aids"]["instruction"]["applications_decided"][0]["application"]
    # Not the people they reviewed: the employee, the company's pieces, their files.
    for foreign in ("Camille", "Martin", "1990-05-17", "Le bourg", "camille@example.org", "facture-edf", "aids/"):
        assert foreign not in text, foreign
    assert not [key for key in data["other"] if key.startswith("aids.")]


def test_an_applicant_still_gets_their_application_in_full(submitted, applicant):
    data = json.loads(personal_data_json(user=applicant))
    [application] = data["aids"]["applications_submitted"]
    assert application["employee"] == "Camille Martin"
