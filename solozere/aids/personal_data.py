"""What the aids hold of a person, for the personal-data registry of accounts (registered in AidsConfig.ready).

Two kinds of rows point at a person: what they wrote or sent as an applicant (exported in full), and what they did
as a member of the instruction team (assigned, decided, asked for pieces, wrote a note, moved a state). The second
kind is exported as references and dates only: the applications they instructed hold the personal data and the
files of other people (the employee, the company's pieces), which are not the staff member's to download."""

from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from solozere.aids.models import (
    AidApplication,
    Annotation,
    ApplicationDocument,
    ApplicationTransition,
    Company,
    DocumentRequest,
    Message,
    RepresentationClaim,
)
from solozere.aids.services import claims_delete_of_account, drafts_delete_of_account, unsent_applications

RELATIONS = frozenset(
    {
        ("aids.company", "representatives"),
        ("aids.aidapplication", "created_by"),
        ("aids.applicationdocument", "uploaded_by"),
        ("aids.message", "author"),
        ("aids.representationclaim", "claimant"),
        # As a member of the instruction team: references only (see the module's docstring).
        ("aids.aidapplication", "assigned_to"),
        ("aids.aidapplication", "decided_by"),
        ("aids.documentrequest", "requested_by"),
        ("aids.annotation", "author"),
        ("aids.applicationtransition", "actor"),
        ("aids.representationclaim", "decided_by"),
        ("aids.claimtransition", "actor"),
    }
)


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def _instruction(user: Any) -> dict[str, Any]:
    """What a staff member did on others' applications: which application, what, when. No content of theirs."""
    return {
        "applications_assigned": [a.reference for a in AidApplication.objects.filter(assigned_to=user)],
        "applications_decided": [
            {"application": a.reference, "status": a.get_status_display(), "decided_at": _iso(a.decided_at)}
            for a in AidApplication.objects.filter(decided_by=user)
        ],
        "document_requests_sent": [
            {"application": r.application.reference, "date": _iso(r.created_at)}
            for r in DocumentRequest.objects.filter(requested_by=user).select_related("application")
        ],
        "instruction_notes_written": [
            {"application": n.application.reference, "date": _iso(n.created_at)}
            for n in Annotation.objects.filter(author=user).select_related("application")
        ],
        "representation_claims_decided": [
            {"company": c.company.name, "status": c.get_status_display(), "decided_at": _iso(c.decided_at)}
            for c in RepresentationClaim.objects.filter(decided_by=user).select_related("company")
        ],
        "state_changes_made": [
            {"application": t.application.reference, "to": t.get_to_state_display(), "date": _iso(t.created_at)}
            for t in ApplicationTransition.objects.filter(actor=user).select_related("application")
        ],
    }


def aids_personal_data(user: Any) -> dict[str, Any]:
    return {
        "companies_represented": [
            {"name": company.name, "siret": company.siret} for company in Company.objects.filter(representatives=user)
        ],
        "applications_submitted": [
            {
                "reference": application.reference,
                "scheme": application.scheme.title,
                "company": application.beneficiary.name,
                "status": application.get_status_display(),
                "employee": application.employee_name,
                "created_at": _iso(application.created_at),
                "submitted_at": _iso(application.submitted_at),
                "granted_amount": application.granted_amount,
                "paid_amount": application.paid_amount,
            }
            for application in AidApplication.objects.filter(created_by=user).select_related("scheme", "company")
        ],
        "documents_uploaded": [
            {
                "application": document.application.reference,
                "kind": document.get_kind_display(),
                "name": document.original_name,
                "date": _iso(document.uploaded_at),
            }
            for document in ApplicationDocument.objects.filter(uploaded_by=user).select_related("application")
        ],
        "messages_written": [
            {"application": message.application.reference, "date": _iso(message.created_at), "body": message.body}
            for message in Message.objects.filter(author=user).select_related("application")
        ],
        "representation_claims": [
            {
                "company": claim.company.name,
                "siret": claim.company.siret,
                "status": claim.get_status_display(),
                "proof": claim.get_proof_display(),
                "file": claim.original_name,
                "email": claim.email,
                "website": claim.website,
                "role_in_company": claim.role_in_company,
                "message": claim.message,
                "created_at": _iso(claim.created_at),
                "decided_at": _iso(claim.decided_at),
            }
            for claim in RepresentationClaim.objects.filter(claimant=user).select_related("company")
        ],
        "instruction": _instruction(user),
    }


def aids_anonymise(*, user: Any, today: Any) -> None:
    """Unsent drafts are the person's own papers: they go with the account, pieces included."""
    drafts_delete_of_account(user=user)
    claims_delete_of_account(user=user)


def aids_block_deletion(user: Any) -> str | None:
    """Submitted applications are records of public funding: they must be kept, with who asked, for the audits.
    Drafts never submitted do not count: they are deleted with the account."""
    submitted = AidApplication.objects.exclude(pk__in=unsent_applications().values("pk"))
    if submitted.filter(Q(created_by=user) | Q(documents__uploaded_by=user)).exists():
        return _(
            "Vous avez déposé des demandes d'aide : ce sont des dossiers de financement public que nous devons "
            "conserver. Écrivez-nous pour supprimer votre compte."
        )
    return None


def retention_months() -> int:
    """The stated time, in months, after which an unsent draft is purged."""
    return max(1, round(settings.AIDS_DRAFT_RETENTION_DAYS * 12 / 365))
