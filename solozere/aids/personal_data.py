"""What the aids hold of a person, for the personal-data registry of accounts (registered in AidsConfig.ready)."""

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from solozere.aids.models import AidApplication, ApplicationDocument, Company, Message

RELATIONS = frozenset(
    {
        ("aids.company", "representatives"),
        ("aids.aidapplication", "created_by"),
        ("aids.applicationdocument", "uploaded_by"),
        ("aids.message", "author"),
    }
)


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


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
    }


def aids_block_deletion(user: Any) -> str | None:
    """Aid applications are records of public funding: they must be kept, with who asked, for the audits."""
    if AidApplication.objects.filter(Q(created_by=user) | Q(documents__uploaded_by=user)).exists():
        return _(
            "Vous avez déposé des demandes d'aide : ce sont des dossiers de financement public que nous devons "
            "conserver. Écrivez-nous pour supprimer votre compte."
        )
    return None
