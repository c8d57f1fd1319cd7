"""Use cases of the aids app. Views, admin, commands and tests all call these; none re-implements them.

Each one is atomic and locks what it consumes. A decision locks the scheme row first (then the
application): two staff members deciding at the same moment are served one after the other, and the
second one sees the first one's amount in the envelope. On SQLite the IMMEDIATE transaction mode
gives the same guarantee (the write lock is taken at BEGIN).
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from solozere.aids import reference, selectors
from solozere.aids.eligibility import (
    AmountBasis,
    Evaluation,
    ExpenseClaim,
    InputError,
    Residence,
    Situation,
    check_departement,
    check_grant,
    check_siret,
    check_vat,
    employee_key,
    euros,
    evaluate,
    parse_amount,
)
from solozere.aids.models import (
    AidApplication,
    AidScheme,
    Annotation,
    ApplicationDocument,
    ApplicationTransition,
    ClaimTransition,
    Company,
    DocumentRequest,
    ExpenseCategory,
    ExpenseLine,
    Message,
    RepresentationClaim,
)
from solozere.aids.uploads import check_upload
from solozere.aids.workflow import (
    CLAIM_WORKFLOW,
    EDITABLE_STATUSES,
    WORKFLOW,
    Action,
    ClaimAction,
    ClaimStatus,
    Role,
    Status,
)
from solozere.core.audit import log_change
from solozere.core.mail import notify
from solozere.core.models import AuditLogEntry
from solozere.core.workflow import TransitionNotAllowed
from solozere.core.workflow_log import apply_transition
from solozere.territory.models import Commune, Zone
from solozere.territory.services import FOUR_CANTONS_SLUG

MAX_DOCUMENTS_PER_APPLICATION = 40
MAX_EXPENSE_LINES = 20


class ServiceError(Exception):
    """A use case refused, with a French sentence for the person; `field` names the form field at fault."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def _require_staff(user: Any) -> None:
    if not (getattr(user, "is_authenticated", False) and user.is_active and user.is_staff):
        raise ServiceError(_("Seule l'équipe du réseau peut instruire une demande."))


def _require_representative(user: Any, application: AidApplication) -> None:
    if not (
        getattr(user, "is_authenticated", False) and application.company.representatives.filter(pk=user.pk).exists()
    ):
        if application.status == Status.DRAFT and application.created_by_id == getattr(user, "pk", None):
            raise ServiceError(
                _(
                    "L'équipe du réseau n'a pas encore vérifié que vous représentez %(company)s : envoyez une preuve "
                    "(extrait Kbis, mandat ou adresse e-mail de l'entreprise) depuis la page de la demande. Votre "
                    "brouillon est gardé ; vous pourrez le déposer dès que la représentation sera acceptée."
                )
                % {"company": application.company.name}
            )
        raise ServiceError(_("Seuls les représentants de l'entreprise peuvent modifier cette demande."))


def _require_applicant(user: Any, application: AidApplication) -> None:
    """A representative of the company, or the person who wrote this draft while their claim to represent the
    company is examined: they may prepare it, not submit it."""
    if application.status == Status.DRAFT and application.created_by_id == getattr(user, "pk", None):
        return
    _require_representative(user, application)


# --- Companies ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompanyData:
    siret: str
    name: str
    address: str
    postal_code: str
    city: str


@transaction.atomic
def company_for_representative(*, user: Any, data: CompanyData) -> Company:
    """The company with this SIRET for a draft. Typing a SIRET makes nobody its representative: the first time it
    is created without one, and whoever writes the draft files a representation claim with a proof (`claim_file`).
    Only an approved representative edits the identity of a represented company; others get it as recorded (a
    company nobody represents yet is edited by whoever writes a draft for it: staff check it against the proof)."""
    try:
        siret = check_siret(data.siret)
    except InputError as error:
        raise ServiceError(str(error), field="siret") from None
    company = Company.objects.select_for_update().filter(siret=siret).first()
    values = {
        "name": data.name.strip(),
        "address": data.address.strip(),
        "postal_code": data.postal_code.strip(),
        "city": data.city.strip(),
    }
    if company is None:
        company = Company.objects.create(siret=siret, **values)
        log_change(
            actor=user, obj=company, action=AuditLogEntry.Action.CREATE, message="représentant à vérifier (preuve)"
        )
        return company
    representatives = company.representatives.all()
    if representatives.exists() and not representatives.filter(pk=user.pk).exists():
        return company  # represented by others: its identity is theirs to edit
    changed = {k: [getattr(company, k), v] for k, v in values.items() if getattr(company, k) != v}
    if changed:
        for key, value in values.items():
            setattr(company, key, value)
        company.save()
        log_change(actor=user, obj=company, action=AuditLogEntry.Action.UPDATE, changes=changed)
    return company


# --- Drafts ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExpenseInput:
    category_id: int
    description: str
    amount_excl_tax: Decimal
    amount_incl_tax: Decimal | None  # optional when the category retains the amount excluding tax
    pk: int | None = None


@dataclass(frozen=True)
class DraftData:
    company: CompanyData
    employee_first_name: str
    employee_last_name: str
    employee_birth_date: dt.date | None
    employee_email: str
    employee_address: str
    employee_commune_input: str
    employee_commune: Commune | None
    new_setup: bool | None
    telework_start: dt.date | None
    expenses: Sequence[ExpenseInput] = field(default_factory=list)


def _save_expenses(application: AidApplication, expenses: Sequence[ExpenseInput]) -> None:
    if len(expenses) > MAX_EXPENSE_LINES:
        raise ServiceError(_("Une demande compte au plus %(n)s dépenses.") % {"n": MAX_EXPENSE_LINES})
    categories = {c.pk: c for c in application.scheme.categories.all()}
    existing = {line.pk: line for line in application.expenses.all()}
    kept: set[int] = set()
    for position, item in enumerate(expenses):
        category = categories.get(item.category_id)
        if category is None:
            raise ServiceError(_("Catégorie de dépense inconnue pour ce dispositif."), field="expenses")
        try:
            excl = parse_amount(item.amount_excl_tax, label=_("Le montant HT"))
            incl = None
            if item.amount_incl_tax is not None:
                incl = parse_amount(item.amount_incl_tax, label=_("Le montant TTC"))
                check_vat(excl, incl)
            elif category.amount_basis == AmountBasis.INCL_TAX:
                raise InputError(_("Le montant TTC de « %(label)s » est obligatoire.") % {"label": category.label})
        except InputError as error:
            raise ServiceError(str(error), field="expenses") from None
        line = existing.get(item.pk) if item.pk else None
        if line is None:
            line = ExpenseLine(application=application)
        line.category = category
        line.description = item.description.strip()[:255]
        line.amount_excl_tax = excl
        line.amount_incl_tax = incl
        line.position = position
        line.save()
        kept.add(line.pk)
    for pk, line in existing.items():
        if pk not in kept:
            line.delete()  # its quote goes with it


@transaction.atomic
def application_save_draft(
    *, user: Any, scheme: AidScheme, data: DraftData, application: AidApplication | None = None
) -> AidApplication:
    """Create or update a draft. Nothing is checked for completeness here: a draft may be half done."""
    if application is not None:
        application = (
            AidApplication.objects.select_for_update(of=("self",))
            .select_related("company", "scheme")
            .get(pk=application.pk)
        )
        _require_applicant(user, application)
        if application.status != Status.DRAFT:
            raise ServiceError(_("Cette demande est déposée : elle ne peut plus être modifiée."))
        scheme = application.scheme
    if application is None and not selectors.receives_applications(selectors.state_of(scheme)):
        raise ServiceError(_("Ce dispositif ne reçoit pas de nouvelle demande pour le moment."))
    company = company_for_representative(user=user, data=data.company)
    is_new = application is None
    if application is None:
        application = AidApplication(scheme=scheme, created_by=user, status=Status.DRAFT)
    application.company = company
    _set_employee(application, data)
    application.save()
    _save_expenses(application, data.expenses)
    log_change(
        actor=user,
        obj=application,
        action=AuditLogEntry.Action.CREATE if is_new else AuditLogEntry.Action.UPDATE,
        message="brouillon enregistré",
    )
    return application


@dataclass(frozen=True)
class EmployeeData:
    """The second step of the application: the teleworker and where they live. Every field may be empty in a draft."""

    employee_first_name: str = ""
    employee_last_name: str = ""
    employee_birth_date: dt.date | None = None
    employee_email: str = ""
    employee_address: str = ""
    employee_commune_input: str = ""
    employee_commune: Commune | None = None
    new_setup: bool | None = None
    telework_start: dt.date | None = None


def _set_employee(application: AidApplication, data: "DraftData | EmployeeData") -> None:
    application.employee_first_name = data.employee_first_name.strip()
    application.employee_last_name = data.employee_last_name.strip()
    application.employee_birth_date = data.employee_birth_date
    application.employee_email = data.employee_email.strip()
    application.employee_address = data.employee_address.strip()
    application.employee_commune_input = data.employee_commune_input.strip()[:120]
    application.employee_commune = data.employee_commune
    application.new_setup = data.new_setup
    application.telework_start = data.telework_start
    application.employee_key = employee_key(
        first_name=application.employee_first_name,
        last_name=application.employee_last_name,
        birth_date=application.employee_birth_date,
    )


@transaction.atomic
def application_save_step(
    *,
    user: Any,
    scheme: AidScheme,
    application: AidApplication | None = None,
    company: CompanyData | None = None,
    employee: EmployeeData | None = None,
    expenses: Sequence[ExpenseInput] | None = None,
) -> AidApplication:
    """Save one step of a draft: only the parts given change, the others stay as saved. A new draft starts with
    its company (the SIRET says whose draft it is); everything else may be missing until submission."""
    if application is not None:
        application = (
            AidApplication.objects.select_for_update(of=("self",))
            .select_related("company", "scheme")
            .get(pk=application.pk)
        )
        _require_applicant(user, application)
        if application.status != Status.DRAFT:
            raise ServiceError(_("Cette demande est déposée : elle ne peut plus être modifiée."))
        scheme = application.scheme
    else:
        if not selectors.receives_applications(selectors.state_of(scheme)):
            raise ServiceError(_("Ce dispositif ne reçoit pas de nouvelle demande pour le moment."))
        if company is None:
            raise ServiceError(_("Indiquez d'abord le SIRET de l'entreprise."), field="siret")
    is_new = application is None
    if application is None:
        application = AidApplication(scheme=scheme, created_by=user, status=Status.DRAFT)
        _set_employee(application, employee or EmployeeData())
    if company is not None:
        application.company = company_for_representative(user=user, data=company)
    if employee is not None:
        _set_employee(application, employee)
    application.save()
    if expenses is not None:
        _save_expenses(application, expenses)
    log_change(
        actor=user,
        obj=application,
        action=AuditLogEntry.Action.CREATE if is_new else AuditLogEntry.Action.UPDATE,
        message="brouillon enregistré",
    )
    return application


@transaction.atomic
def application_delete_draft(*, user: Any, application: AidApplication) -> None:
    """A draft is deleted, with its pieces (a submitted application is withdrawn, and stays on record)."""
    application = (
        AidApplication.objects.select_for_update(of=("self",))
        .select_related("company", "scheme")
        .get(pk=application.pk)
    )
    _require_applicant(user, application)
    if application.status != Status.DRAFT:
        raise ServiceError(_("Cette demande est déposée : elle peut être retirée, pas supprimée."))
    _delete_unsent(application, actor=user, message="brouillon supprimé par la personne")


def missing_answers(application: AidApplication) -> list[tuple[str, str]]:
    """The answers a draft saved incomplete still lacks, each with the step where it is given."""
    company = application.company
    checks = [
        ("entreprise", company.name, _("la raison sociale de l'entreprise")),
        ("entreprise", company.address, _("l'adresse du siège")),
        ("entreprise", company.postal_code, _("le code postal du siège")),
        ("entreprise", company.city, _("la commune du siège")),
        ("salarie", application.employee_first_name, _("le prénom du salarié")),
        ("salarie", application.employee_last_name, _("le nom du salarié")),
        ("salarie", application.employee_birth_date, _("la date de naissance du salarié")),
        ("salarie", application.employee_address, _("l'adresse du salarié")),
        ("salarie", application.employee_commune_id, _("la commune de résidence du salarié")),
        ("salarie", application.new_setup is not None, _("si le télétravail est nouveau pour ce salarié")),
    ]
    missing = [(step, str(label)) for step, value, label in checks if not value]
    if not application.expenses.exists():
        missing.append(("depenses", str(_("au moins une dépense"))))
    return missing


def evaluate_application(application: AidApplication, *, envelope: selectors.Envelope | None = None) -> Evaluation:
    """The rules of the scheme applied to what the application says, now."""
    scheme = application.scheme
    envelope = envelope or selectors.envelope_of(scheme)
    if application.status in (Status.ACCEPTED, Status.PAID) and application.granted_amount:
        # Once granted, the amount is already in the envelope: do not count it against itself.
        envelope = selectors.Envelope(
            total=envelope.total,
            committed=envelope.committed - application.granted_amount,
            paid=envelope.paid,
            to_confirm=envelope.to_confirm,
        )
    terms = selectors.scheme_terms(scheme, envelope)
    row = application.employee_commune
    if row is not None:
        residence = selectors.residence_in_zone(row, scheme.zone)
        label = str(row)
    else:
        residence, label = Residence.UNKNOWN, application.employee_commune_input
    lines = selectors.expense_lines(application)
    claims = [ExpenseClaim(category=line.category.code, amount=line.eligible_amount) for line in lines]
    situation = Situation(
        residence=residence,
        commune_label=label,
        company_departement=application.beneficiary.departement,
        new_setup=application.new_setup,
        expenses=claims or None,
        already_funded=selectors.employee_already_funded(application),
    )
    return evaluate(terms, situation, today=selectors.today())


def uploads_allowed(application: AidApplication, evaluation: Evaluation | None = None) -> bool:
    """An ineligible application is stopped before any upload."""
    if application.status not in EDITABLE_STATUSES:
        return False
    if application.status == Status.AWAITING_DOCUMENTS:
        return True
    evaluation = evaluation or evaluate_application(application)
    return evaluation.eligible


# --- Pieces ---------------------------------------------------------------------------------------


@transaction.atomic
def document_add(
    *,
    user: Any,
    application: AidApplication,
    kind: str,
    upload: Any,
    expense_line: ExpenseLine | None = None,
) -> ApplicationDocument:
    application = (
        AidApplication.objects.select_for_update(of=("self",))
        .select_related("company", "scheme__zone")
        .get(pk=application.pk)
    )
    _require_applicant(user, application)
    if application.status not in EDITABLE_STATUSES:
        raise ServiceError(_("Cette demande n'attend pas de pièce : vous ne pouvez plus en ajouter."))
    evaluation = evaluate_application(application)
    if not uploads_allowed(application, evaluation):
        reasons = " ".join(r.message for r in evaluation.failed)
        raise ServiceError(
            _("Cette demande n'est pas éligible : aucune pièce ne peut être ajoutée. %(reasons)s")
            % {"reasons": reasons}
        )
    if kind not in ApplicationDocument.Kind.values:
        raise ServiceError(_("Type de pièce inconnu."), field="kind")
    if expense_line is not None and expense_line.application_id != application.pk:
        raise ServiceError(_("Cette dépense n'appartient pas à la demande."), field="expense_line")
    if application.documents.count() >= MAX_DOCUMENTS_PER_APPLICATION:
        raise ServiceError(
            _("Une demande compte au plus %(n)s pièces : retirez-en une avant d'en ajouter.")
            % {"n": MAX_DOCUMENTS_PER_APPLICATION}
        )
    try:
        checked = check_upload(upload)
    except InputError as error:
        raise ServiceError(str(error), field="file") from None
    open_request = (
        application.document_requests.filter(fulfilled_at__isnull=True).order_by("-created_at").first()
        if application.status == Status.AWAITING_DOCUMENTS
        else None
    )
    # The name as typed is shown back: no control character (PostgreSQL refuses NUL).
    original_name = "".join(c for c in str(getattr(upload, "name", "") or "") if ord(c) >= 32)[-255:] or "piece"
    document = ApplicationDocument(
        application=application,
        kind=kind,
        expense_line=expense_line,
        document_request=open_request,
        original_name=original_name,
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=user,
    )
    # The stored name takes the extension of what the file is, not of what it was called.
    document.file.save(f"piece{checked.extension}", ContentFile(checked.content), save=False)
    document.save()
    log_change(actor=user, obj=application, action=AuditLogEntry.Action.UPDATE, message=f"pièce ajoutée : {document}")
    return document


@transaction.atomic
def document_delete(*, user: Any, document: ApplicationDocument) -> None:
    application = (
        AidApplication.objects.select_for_update(of=("self",)).select_related("company").get(pk=document.application_id)
    )
    _require_applicant(user, application)
    if application.status == Status.DRAFT:
        pass
    elif application.status == Status.AWAITING_DOCUMENTS and document.document_request_id is not None:
        pass  # a piece added in answer to the current request may be replaced
    else:
        raise ServiceError(_("Cette pièce fait partie du dossier déposé : elle ne peut plus être retirée."))
    name = str(document)
    storage, path = document.file.storage, document.file.name or ""
    document.delete()
    # The file goes only once the row is gone for good.
    transaction.on_commit(lambda: storage.delete(path) if path else None)
    log_change(actor=user, obj=application, action=AuditLogEntry.Action.UPDATE, message=f"pièce retirée : {name}")


# --- Unsent drafts -------------------------------------------------------------------------------


def unsent_applications() -> QuerySet[AidApplication]:
    """Applications never submitted (drafts, and drafts withdrawn before being sent): nobody instructed them, so
    they are the applicant's own papers, not records of public funding."""
    return AidApplication.objects.filter(submitted_at__isnull=True, status__in=[Status.DRAFT, Status.WITHDRAWN])


def _delete_file_on_commit(storage: Any, path: str) -> None:
    transaction.on_commit(lambda: storage.delete(path))


def _delete_unsent(application: AidApplication, *, actor: Any, message: str) -> None:
    """Delete an unsent application with its pieces; the files go once the rows are gone for good."""
    paths = [(d.file.storage, d.file.name) for d in application.documents.all() if d.file.name]
    log_change(actor=actor, obj=application, action=AuditLogEntry.Action.DELETE, message=message)
    application.delete()
    for storage, path in paths:
        _delete_file_on_commit(storage, path)


def drafts_delete_of_account(*, user: Any) -> int:
    """Before an account goes: the unsent applications it created, or holding pieces it uploaded."""
    mine = unsent_applications().filter(Q(created_by=user) | Q(documents__uploaded_by=user)).values("pk")
    # FOR UPDATE refuses DISTINCT on PostgreSQL: lock the rows by their keys.
    drafts = AidApplication.objects.filter(pk__in=mine).select_for_update(of=("self",))
    count = 0
    for application in drafts:
        _delete_unsent(application, actor=None, message="brouillon supprimé avec le compte")
        count += 1
    return count


def claims_delete_of_account(*, user: Any) -> None:
    """A person's representation claims go with their account (the company's representatives are the record);
    their proof files go once the rows are gone for good."""
    claims = list(RepresentationClaim.objects.filter(claimant=user))
    for claim in claims:
        if claim.file.name:
            _delete_file_on_commit(claim.file.storage, claim.file.name)
    RepresentationClaim.objects.filter(pk__in=[c.pk for c in claims]).delete()


def stale_drafts(*, now: dt.datetime | None = None) -> QuerySet[AidApplication]:
    """Unsent applications untouched (the application and its pieces) for `AIDS_DRAFT_RETENTION_DAYS` days."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.AIDS_DRAFT_RETENTION_DAYS)
    recent_piece = ApplicationDocument.objects.filter(application=OuterRef("pk"), uploaded_at__gte=cutoff)
    return unsent_applications().filter(updated_at__lt=cutoff).exclude(Exists(recent_piece)).order_by("pk")


@transaction.atomic
def drafts_purge(*, now: dt.datetime | None = None) -> int:
    count = 0
    for application in stale_drafts(now=now).select_for_update(of=("self",)):
        _delete_unsent(
            application,
            actor=None,
            message=f"brouillon non déposé depuis {settings.AIDS_DRAFT_RETENTION_DAYS} jours : supprimé",
        )
        count += 1
    return count


def missing_pieces(application: AidApplication) -> list[str]:
    """What the application still needs before it can be submitted, in French."""
    missing = []
    documents = list(application.documents.all())
    if not any(d.kind == ApplicationDocument.Kind.PROOF_OF_ADDRESS for d in documents):
        missing.append(_("le justificatif de domicile du salarié"))
    for line in selectors.expense_lines(application):
        if not any(
            d.expense_line_id == line.pk
            and d.kind in (ApplicationDocument.Kind.QUOTE, ApplicationDocument.Kind.INVOICE)
            for d in documents
        ):
            missing.append(_("le devis ou la facture de la dépense « %(line)s »") % {"line": line.description})
    return missing


# --- Transitions ----------------------------------------------------------------------------------


def _recipients_applicant(application: AidApplication) -> list[str]:
    emails = {u.email for u in application.company.representatives.filter(is_active=True)}
    emails.add(application.created_by.email)
    return sorted(e for e in emails if e)


def _recipients_team(application: AidApplication) -> list[str]:
    if application.assigned_to_id and application.assigned_to and application.assigned_to.email:
        return [application.assigned_to.email]
    return [settings.AIDS_INSTRUCTION_EMAIL or settings.CONTACT_EMAIL]


def _notify(
    application: AidApplication, *, to: list[str], subject: str, lines: list[str], staff_link: bool = False
) -> None:
    path = reverse("aids:staff_detail", kwargs={"pk": application.pk}) if staff_link else application.get_absolute_url()
    notify(
        to=to,
        subject=f"{subject} ({application.reference})",
        template="aids/email/notification.txt",
        context={"application": application, "lines": lines, "link": f"{settings.SITE_URL.rstrip('/')}{path}"},
    )


def _apply(
    *, workflow: Any, obj: Any, log_model: Any, duplicate: str, role: Role, user: Any, reason: str, **fields: Any
) -> None:
    """One row of a transition table applied to a locked row (an application, a representation claim): its state,
    its saved fields, one log row; a refusal or a duplicate becomes a ServiceError with a French sentence."""
    try:
        with transaction.atomic():
            apply_transition(
                workflow=workflow, obj=obj, role=role, actor=user, reason=reason, log_model=log_model, **fields
            )
    except TransitionNotAllowed as error:
        raise ServiceError(error.message) from None
    except IntegrityError:
        raise ServiceError(duplicate) from None


def _transition(
    application: AidApplication,
    *,
    action: Action,
    role: Role,
    user: Any,
    reason: str = "",
    save_fields: Sequence[str] = (),
) -> None:
    """Apply one row of the transition table to a locked application: its state, `save_fields`, one log row."""
    _apply(
        workflow=WORKFLOW,
        obj=application,
        log_model=ApplicationTransition,
        duplicate=_("Ce salarié a déjà une demande en cours ou une aide accordée au titre de ce dispositif."),
        action=action,
        role=role,
        user=user,
        reason=reason,
        save_fields=save_fields,
        application=application,
    )


def _keep_beneficiary(application: AidApplication) -> list[str]:
    """A decision is made on the beneficiary as submitted; an application that has no copy yet gets one now."""
    return [] if application.beneficiary_siret else application.freeze_beneficiary()


def _check(application: AidApplication, *, action: Action, role: Role) -> None:
    """Refuse early, before validating the rest of a decision, when the table does not allow it."""
    try:
        WORKFLOW.check(state=application.status, action=action, role=role)
    except TransitionNotAllowed as error:
        raise ServiceError(error.message) from None


def _locked(application: AidApplication) -> AidApplication:
    return (
        AidApplication.objects.select_for_update(of=("self",))
        .select_related("company", "scheme__zone", "created_by", "assigned_to", "employee_commune__parent")
        .get(pk=application.pk)
    )


@transaction.atomic
def application_submit(
    *, user: Any, application: AidApplication, accuracy: bool, rules_accepted: bool, no_double_funding: bool
) -> AidApplication:
    application = _locked(application)
    _require_representative(user, application)
    if application.status != Status.DRAFT:
        raise ServiceError(_("Cette demande est déjà déposée."))
    answers = missing_answers(application)
    if answers:
        raise ServiceError(
            _("La demande est incomplète. Il manque : %(missing)s.") % {"missing": " ; ".join(t for _s, t in answers)}
        )
    evaluation = evaluate_application(application)
    # An envelope not set yet does not stop a deposit: the instruction waits for it (no grant without it).
    blocking_unknown = [r for r in evaluation.unknown if r.code != "scheme_open"]
    if evaluation.failed or blocking_unknown:
        problems = evaluation.failed or blocking_unknown
        raise ServiceError(
            _("La demande ne peut pas être déposée : %(reasons)s") % {"reasons": " ".join(r.message for r in problems)}
        )
    missing = missing_pieces(application)
    if missing:
        raise ServiceError(_("Il manque encore : %(missing)s.") % {"missing": " ; ".join(missing)})
    if not (accuracy and rules_accepted and no_double_funding):
        raise ServiceError(_("Cochez les trois déclarations pour déposer la demande."), field="declarations")
    application.declares_accuracy = accuracy
    application.declares_rules_accepted = rules_accepted
    application.declares_no_double_funding = no_double_funding
    application.submitted_at = timezone.now()
    # The company as submitted is the beneficiary from now on: editing the company later changes only drafts.
    frozen = application.freeze_beneficiary()
    _transition(
        application,
        action=Action.SUBMIT,
        role=Role.APPLICANT,
        user=user,
        save_fields=[
            "declares_accuracy",
            "declares_rules_accepted",
            "declares_no_double_funding",
            "submitted_at",
            *frozen,
        ],
    )
    _notify(
        application,
        to=_recipients_applicant(application),
        subject=_("Demande d'aide déposée"),
        lines=[
            _("Votre demande d'aide au télétravail pour %(employee)s a bien été déposée.")
            % {"employee": application.employee_name},
            _("L'équipe du réseau va l'instruire ; vous serez prévenu par e-mail à chaque étape."),
        ],
    )
    _notify(
        application,
        to=_recipients_team(application),
        subject=_("Nouvelle demande d'aide à instruire"),
        lines=[
            _("%(company)s a déposé une demande pour %(employee)s.")
            % {"company": application.beneficiary.name, "employee": application.employee_name}
        ],
        staff_link=True,
    )
    return application


@transaction.atomic
def application_withdraw(*, user: Any, application: AidApplication, reason: str = "") -> AidApplication:
    application = _locked(application)
    _require_applicant(user, application)
    was_draft = application.status == Status.DRAFT
    _transition(application, action=Action.WITHDRAW, role=Role.APPLICANT, user=user, reason=reason)
    if not was_draft:
        _notify(
            application,
            to=_recipients_team(application),
            subject=_("Demande retirée par l'entreprise"),
            lines=[_("%(company)s a retiré sa demande.") % {"company": application.beneficiary.name}, reason],
            staff_link=True,
        )
    return application


@transaction.atomic
def application_assign(*, actor: Any, application: AidApplication, assignee: Any | None) -> AidApplication:
    _require_staff(actor)
    application = _locked(application)
    if assignee is not None and not (assignee.is_staff and assignee.is_active):
        raise ServiceError(_("Une demande ne peut être attribuée qu'à un membre de l'équipe."), field="assignee")
    before = str(application.assigned_to or "")
    application.assigned_to = assignee
    application.save(update_fields=["assigned_to", "updated_at"])
    log_change(
        actor=actor,
        obj=application,
        action=AuditLogEntry.Action.UPDATE,
        changes={"assigned_to": [before, str(assignee or "")]},
    )
    return application


@transaction.atomic
def application_start_review(*, actor: Any, application: AidApplication) -> AidApplication:
    _require_staff(actor)
    application = _locked(application)
    if application.assigned_to_id is None:
        application.assigned_to = actor
    _transition(application, action=Action.START_REVIEW, role=Role.STAFF, user=actor, save_fields=["assigned_to"])
    _notify(
        application,
        to=_recipients_applicant(application),
        subject=_("Demande en cours d'instruction"),
        lines=[_("L'équipe du réseau a commencé l'instruction de votre demande d'aide.")],
    )
    return application


@transaction.atomic
def application_request_documents(*, actor: Any, application: AidApplication, message: str) -> DocumentRequest:
    _require_staff(actor)
    application = _locked(application)
    if not message.strip():
        raise ServiceError(_("Précisez les pièces attendues."), field="message")
    if application.assigned_to_id is None:
        application.assigned_to = actor
    _transition(
        application,
        action=Action.REQUEST_DOCUMENTS,
        role=Role.STAFF,
        user=actor,
        reason=message,
        save_fields=["assigned_to"],
    )
    request = DocumentRequest.objects.create(application=application, message=message.strip(), requested_by=actor)
    _notify(
        application,
        to=_recipients_applicant(application),
        subject=_("Pièces demandées pour votre demande d'aide"),
        lines=[
            _("Pour instruire votre demande, l'équipe du réseau a besoin des pièces suivantes :"),
            message.strip(),
            _("Ajoutez-les à votre demande en ligne, puis cliquez sur « Renvoyer la demande complétée »."),
        ],
    )
    return request


@transaction.atomic
def application_complete(*, user: Any, application: AidApplication) -> AidApplication:
    application = _locked(application)
    _require_representative(user, application)
    open_requests = application.document_requests.filter(fulfilled_at__isnull=True)
    if (
        application.status == Status.AWAITING_DOCUMENTS
        and not application.documents.filter(document_request__in=open_requests).exists()
    ):
        raise ServiceError(_("Ajoutez au moins une pièce en réponse à la demande avant de renvoyer la demande."))
    _transition(application, action=Action.COMPLETE, role=Role.APPLICANT, user=user)
    open_requests.update(fulfilled_at=timezone.now())
    _notify(
        application,
        to=_recipients_team(application),
        subject=_("Demande complétée par l'entreprise"),
        lines=[_("%(company)s a ajouté les pièces demandées.") % {"company": application.beneficiary.name}],
        staff_link=True,
    )
    return application


@transaction.atomic
def application_accept(*, actor: Any, application: AidApplication, amount: Decimal, motive: str = "") -> AidApplication:
    """Grant an amount: no higher than the ceiling, the eligible expenses and what is left in the envelope."""
    _require_staff(actor)
    # Lock order: scheme, then application. Every decision takes the scheme lock first.
    scheme = AidScheme.objects.select_for_update().get(pk=application.scheme_id)
    application = _locked(application)
    _check(application, action=Action.ACCEPT, role=Role.STAFF)
    try:
        amount = parse_amount(amount, label=_("Le montant accordé"))
    except InputError as error:
        raise ServiceError(str(error), field="amount") from None
    envelope = selectors.envelope_of(scheme)
    errors = check_grant(
        amount=amount,
        ceiling=scheme.ceiling,
        expenses_total=selectors.expenses_total(application),
        remaining=envelope.remaining,
    )
    if errors:
        raise ServiceError(" ".join(errors), field="amount")
    evaluation = evaluate_application(application, envelope=envelope)
    blocking = [r for r in evaluation.failed if r.code not in ("scheme_open", "not_already_funded")]
    if blocking:
        raise ServiceError(
            _("La demande ne remplit pas les conditions : %(reasons)s")
            % {"reasons": " ".join(r.message for r in blocking)}
        )
    application.granted_amount = amount
    application.decision_motive = motive.strip()
    application.decided_at = timezone.now()
    application.decided_by = actor
    _transition(
        application,
        action=Action.ACCEPT,
        role=Role.STAFF,
        user=actor,
        reason=motive.strip() or _("Aide accordée : %(amount)s.") % {"amount": euros(amount)},
        save_fields=["granted_amount", "decision_motive", "decided_at", "decided_by", *_keep_beneficiary(application)],
    )
    _notify(
        application,
        to=_recipients_applicant(application),
        subject=_("Aide accordée"),
        lines=[
            _("Une aide de %(amount)s est accordée pour l'installation en télétravail de %(employee)s.")
            % {"amount": euros(amount), "employee": application.employee_name},
            motive.strip(),
            _("La lettre de décision est disponible sur votre demande en ligne."),
        ],
    )
    return application


@transaction.atomic
def application_refuse(*, actor: Any, application: AidApplication, motive: str) -> AidApplication:
    _require_staff(actor)
    application = _locked(application)
    if not motive.strip():
        raise ServiceError(_("Indiquez le motif du refus : il figure dans la lettre de décision."), field="motive")
    application.decision_motive = motive.strip()
    application.decided_at = timezone.now()
    application.decided_by = actor
    _transition(
        application,
        action=Action.REFUSE,
        role=Role.STAFF,
        user=actor,
        reason=motive,
        save_fields=["decision_motive", "decided_at", "decided_by", *_keep_beneficiary(application)],
    )
    _notify(
        application,
        to=_recipients_applicant(application),
        subject=_("Aide refusée"),
        lines=[
            _("Votre demande d'aide pour %(employee)s n'a pas été retenue.") % {"employee": application.employee_name},
            _("Motif : %(motive)s") % {"motive": motive.strip()},
            _("La lettre de décision est disponible sur votre demande en ligne."),
        ],
    )
    return application


@transaction.atomic
def application_record_payment(
    *, actor: Any, application: AidApplication, paid_on: dt.date, amount: Decimal
) -> AidApplication:
    _require_staff(actor)
    AidScheme.objects.select_for_update().filter(pk=application.scheme_id).first()  # same lock order as decisions
    application = _locked(application)
    _check(application, action=Action.RECORD_PAYMENT, role=Role.STAFF)
    try:
        amount = parse_amount(amount, label=_("Le montant versé"))
    except InputError as error:
        raise ServiceError(str(error), field="amount") from None
    if application.granted_amount is None or amount > application.granted_amount:
        raise ServiceError(
            _("Le montant versé ne peut pas dépasser le montant accordé (%(amount)s).")
            % {"amount": euros(application.granted_amount or 0)},
            field="amount",
        )
    if paid_on > selectors.today():
        raise ServiceError(_("La date de versement ne peut pas être dans le futur."), field="paid_on")
    if application.decided_at and paid_on < timezone.localdate(application.decided_at):
        raise ServiceError(_("La date de versement ne peut pas précéder la décision."), field="paid_on")
    application.paid_on = paid_on
    application.paid_amount = amount
    _transition(
        application,
        action=Action.RECORD_PAYMENT,
        role=Role.STAFF,
        user=actor,
        reason=_("Versement de %(amount)s le %(date)s.")
        % {"amount": euros(amount), "date": paid_on.strftime("%d/%m/%Y")},
        save_fields=["paid_on", "paid_amount"],
    )
    _notify(
        application,
        to=_recipients_applicant(application),
        subject=_("Aide versée"),
        lines=[
            _("Le versement de %(amount)s a été effectué le %(date)s.")
            % {"amount": euros(amount), "date": paid_on.strftime("%d/%m/%Y")}
        ],
    )
    return application


# --- Representation claims -----------------------------------------------------------------------

# Addresses anybody can open: they prove nothing about a company.
WEBMAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "yahoo.com",
        "yahoo.fr",
        "hotmail.com",
        "hotmail.fr",
        "outlook.com",
        "outlook.fr",
        "live.com",
        "live.fr",
        "msn.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "aol.com",
        "aol.fr",
        "orange.fr",
        "wanadoo.fr",
        "free.fr",
        "sfr.fr",
        "neuf.fr",
        "club-internet.fr",
        "laposte.net",
        "bbox.fr",
        "numericable.fr",
        "gmx.fr",
        "gmx.com",
        "gmx.net",
        "protonmail.com",
        "proton.me",
        "pm.me",
        "yandex.com",
        "mail.com",
        "tutanota.com",
        "zoho.com",
        "lycos.fr",
        "aliceadsl.fr",
        "cegetel.net",
        "voila.fr",
        "ymail.com",
    }
)


def email_domain_proof_error(*, email: str, website: str) -> str | None:
    """Why this address does not prove the company's domain (None when it does). Pure.

    Rule: the domain of the account's verified address equals the host of the company's website (without `www.`),
    or the website is on a sub-domain of it; a webmail address never counts. Staff still check that the website is
    the company's (its legal notice names the SIRET) before they approve."""
    domain = email.rpartition("@")[2].strip().lower().rstrip(".")
    if not domain:
        return _("Votre compte n'a pas d'adresse e-mail vérifiée.")
    if domain in WEBMAIL_DOMAINS:
        return _(
            "Une adresse %(domain)s est une messagerie ouverte à tous : elle ne prouve pas que vous représentez "
            "l'entreprise. Envoyez plutôt un extrait Kbis ou un mandat."
        ) % {"domain": domain}
    host = (urlsplit(website.strip() if "//" in website else f"https://{website.strip()}").hostname or "").lower()
    host = host.removeprefix("www.").rstrip(".")
    if not host or "." not in host:
        return _("Indiquez l'adresse du site de l'entreprise (par exemple https://www.entreprise.fr).")
    if host != domain and not host.endswith(f".{domain}"):
        return _(
            "Votre adresse e-mail (%(domain)s) n'est pas au domaine du site de l'entreprise (%(host)s). Envoyez "
            "plutôt un extrait Kbis ou un mandat."
        ) % {"domain": domain, "host": host}
    return None


def _verified_email(user: Any) -> str:
    if EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists():
        return str(user.email)
    return ""


def _claim_transition(
    claim: RepresentationClaim,
    *,
    action: ClaimAction,
    role: Role,
    user: Any,
    reason: str = "",
    save_fields: Sequence[str] = (),
) -> None:
    _apply(
        workflow=CLAIM_WORKFLOW,
        obj=claim,
        log_model=ClaimTransition,
        duplicate=_("Vous avez déjà une demande en cours pour cette entreprise."),
        action=action,
        role=role,
        user=user,
        reason=reason,
        save_fields=save_fields,
        claim=claim,
    )


def _notify_claim(claim: RepresentationClaim, *, to: list[str], subject: str, lines: list[str], staff: bool) -> None:
    path = reverse("aids:staff_claim", kwargs={"pk": claim.pk}) if staff else reverse("aids:my_applications")
    notify(
        to=to,
        subject=subject,
        template="aids/email/representation.txt",
        context={"claim": claim, "lines": lines, "link": f"{settings.SITE_URL.rstrip('/')}{path}"},
    )


def pending_claim(*, user: Any, company: Company) -> RepresentationClaim | None:
    return company.representation_claims.filter(claimant=user, status=ClaimStatus.PENDING).first()


@transaction.atomic
def claim_file(
    *,
    user: Any,
    company: Company,
    proof: str,
    upload: Any = None,
    website: str = "",
    role_in_company: str = "",
    message: str = "",
    contest: bool = False,
) -> RepresentationClaim:
    """Ask to represent a company, with a proof for the staff. Nobody is blocked: a second person files their own
    claim; on a company already represented, `contest` asks to replace its representatives."""
    if not getattr(user, "is_authenticated", False):
        raise ServiceError(_("Connectez-vous pour demander à représenter une entreprise."))
    company = Company.objects.select_for_update().get(pk=company.pk)
    if company.representatives.filter(pk=user.pk).exists():
        raise ServiceError(_("Vous représentez déjà cette entreprise."))
    if pending_claim(user=user, company=company):
        raise ServiceError(_("Vous avez déjà une demande en cours pour cette entreprise : l'équipe l'examine."))
    claim = RepresentationClaim(
        company=company,
        claimant=user,
        contest=bool(contest) and company.representatives.exists(),
        role_in_company=role_in_company.strip()[:120],
        message=message.strip()[:2000],
    )
    if proof == RepresentationClaim.Proof.DOCUMENT:
        if upload is None:
            raise ServiceError(_("Joignez l'extrait Kbis ou le mandat (PDF, JPEG ou PNG)."), field="file")
        try:
            checked = check_upload(upload)
        except InputError as error:
            raise ServiceError(str(error), field="file") from None
        claim.proof = proof
        claim.original_name = "".join(c for c in str(getattr(upload, "name", "") or "") if ord(c) >= 32)[-255:]
        claim.original_name = claim.original_name or "preuve"
        claim.content_type = checked.content_type
        claim.size = checked.size
        claim.file.save(f"preuve{checked.extension}", ContentFile(checked.content), save=False)
    elif proof == RepresentationClaim.Proof.EMAIL_DOMAIN:
        email = _verified_email(user)
        refusal = email_domain_proof_error(email=email, website=website)
        if refusal:
            raise ServiceError(refusal, field="website")
        claim.proof = proof
        claim.email = email
        claim.website = website.strip() if "//" in website else f"https://{website.strip()}"
    else:
        raise ServiceError(_("Choisissez une preuve : un document, ou votre adresse e-mail."), field="proof")
    _claim_transition(claim, action=ClaimAction.FILE, role=Role.APPLICANT, user=user, reason=claim.message)
    _notify_claim(
        claim,
        to=[settings.AIDS_INSTRUCTION_EMAIL or settings.CONTACT_EMAIL],
        subject=_("Représentation d'une entreprise à vérifier"),
        lines=[
            (
                _("%(who)s conteste la représentation de %(company)s.")
                if claim.contest
                else _("%(who)s demande à représenter %(company)s.")
            )
            % {"who": user.email, "company": str(company)}
        ],
        staff=True,
    )
    return claim


def _locked_claim(claim: RepresentationClaim) -> RepresentationClaim:
    # Lock order: the company, then the claim.
    Company.objects.select_for_update().filter(pk=claim.company_id).first()
    return (
        RepresentationClaim.objects.select_for_update(of=("self",))
        .select_related("company", "claimant")
        .get(pk=claim.pk)
    )


@transaction.atomic
def claim_approve(*, actor: Any, claim: RepresentationClaim, reason: str = "") -> RepresentationClaim:
    """The claimant joins the company's representatives; a contest replaces the others, who are told."""
    _require_staff(actor)
    claim = _locked_claim(claim)
    company = claim.company
    claim.decided_by, claim.decided_at = actor, timezone.now()
    _claim_transition(
        claim,
        action=ClaimAction.APPROVE,
        role=Role.STAFF,
        user=actor,
        reason=reason,
        save_fields=["decided_by", "decided_at"],
    )
    # Account numbers, not addresses: the log is exported to whoever acted (a staff member's data export).
    before = sorted(company.representatives.values_list("pk", flat=True))
    replaced = list(company.representatives.exclude(pk=claim.claimant_id)) if claim.contest else []
    if claim.contest:
        company.representatives.set([claim.claimant])
    else:
        company.representatives.add(claim.claimant)
    log_change(
        actor=actor,
        obj=company,
        action=AuditLogEntry.Action.UPDATE,
        changes={"representatives": [before, sorted(company.representatives.values_list("pk", flat=True))]},
        message="représentation acceptée sur preuve" + (" (contestation)" if claim.contest else ""),
    )
    _notify_claim(
        claim,
        to=[claim.claimant.email],
        subject=_("Vous représentez %(company)s sur SoLozère") % {"company": company.name},
        lines=[
            _("L'équipe du réseau a accepté votre demande : vous pouvez déposer les demandes d'aide de l'entreprise."),
            reason.strip(),
        ],
        staff=False,
    )
    if replaced:
        _notify_claim(
            claim,
            to=[u.email for u in replaced if u.email],
            subject=_("Vous ne représentez plus %(company)s sur SoLozère") % {"company": company.name},
            lines=[
                _(
                    "Une autre personne a contesté votre représentation de %(company)s et a prouvé qu'elle la "
                    "représente : l'équipe du réseau lui a donné raison."
                )
                % {"company": str(company)},
                reason.strip(),
                _("Si c'est une erreur, répondez à ce message avec un extrait Kbis ou un mandat."),
            ],
            staff=False,
        )
    return claim


@transaction.atomic
def claim_refuse(*, actor: Any, claim: RepresentationClaim, reason: str) -> RepresentationClaim:
    _require_staff(actor)
    claim = _locked_claim(claim)
    if not reason.strip():
        raise ServiceError(_("Indiquez le motif du refus : il est envoyé à la personne."), field="reason")
    claim.decided_by, claim.decided_at = actor, timezone.now()
    _claim_transition(
        claim,
        action=ClaimAction.REFUSE,
        role=Role.STAFF,
        user=actor,
        reason=reason,
        save_fields=["decided_by", "decided_at"],
    )
    _notify_claim(
        claim,
        to=[claim.claimant.email],
        subject=_("Votre demande de représentation de %(company)s est refusée") % {"company": claim.company.name},
        lines=[_("Motif : %(reason)s") % {"reason": reason.strip()}],
        staff=False,
    )
    return claim


# --- Notes and messages ---------------------------------------------------------------------------


@transaction.atomic
def annotation_add(*, actor: Any, application: AidApplication, body: str) -> Annotation:
    _require_staff(actor)
    if not body.strip():
        raise ServiceError(_("La note est vide."), field="body")
    return Annotation.objects.create(application=application, author=actor, body=body.strip()[:5000])


@transaction.atomic
def message_post(*, user: Any, application: AidApplication, body: str) -> Message:
    """A message on the application; the other side is e-mailed."""
    if not body.strip():
        raise ServiceError(_("Le message est vide."), field="body")
    from_staff = bool(user.is_staff)
    if not from_staff:
        _require_representative(user, application)
    if application.status == Status.DRAFT:
        raise ServiceError(_("Déposez la demande avant d'écrire à l'équipe : un brouillon n'est pas encore instruit."))
    message = Message.objects.create(
        application=application, author=user, from_staff=from_staff, body=body.strip()[:5000]
    )
    if from_staff:
        _notify(
            application,
            to=_recipients_applicant(application),
            subject=_("Nouveau message de l'équipe du réseau"),
            lines=[_("Un message vous attend sur votre demande d'aide :"), message.body],
        )
    else:
        _notify(
            application,
            to=_recipients_team(application),
            subject=_("Nouveau message de l'entreprise"),
            lines=[_("%(company)s a écrit :") % {"company": application.beneficiary.name}, message.body],
            staff_link=True,
        )
    return message


def check_company_departement(value: str | None) -> str | None:
    try:
        return check_departement(value)
    except InputError as error:
        raise ServiceError(str(error), field="company_departement") from None


def categories_by_code(scheme: AidScheme) -> dict[str, ExpenseCategory]:
    return {c.code: c for c in scheme.categories.all()}


# --- Reference data -------------------------------------------------------------------------------


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    categories_created: int = 0


@transaction.atomic
def aid_schemes_load(*, reset: bool = False) -> LoadReport:
    """Load the real scheme. Idempotent, and it never overwrites what staff changed since
    (the envelope, the dates...) unless `reset` is asked for."""
    report = LoadReport()
    zone = Zone.objects.filter(slug=FOUR_CANTONS_SLUG).first()
    if zone is None:
        raise ServiceError("La zone des quatre cantons manque : lancez d'abord `manage.py import_territory`.")
    values: dict[str, Any] = {**reference.TELEWORK_AID, "zone": zone, "rules_text": reference.rules_text()}
    slug = str(values.pop("slug"))
    scheme = AidScheme.objects.filter(slug=slug).first()
    if scheme is None:
        scheme = AidScheme.objects.create(slug=slug, **values)
        log_change(actor=None, obj=scheme, action=AuditLogEntry.Action.CREATE, message="load_aid_schemes")
        report.created += 1
    elif reset:
        for key, value in values.items():
            setattr(scheme, key, value)
        scheme.full_clean()
        scheme.save()
        log_change(actor=None, obj=scheme, action=AuditLogEntry.Action.UPDATE, message="load_aid_schemes --reset")
        report.updated += 1
    else:
        report.unchanged += 1
    for position, data in enumerate(reference.TELEWORK_AID_CATEGORIES):
        category = scheme.categories.filter(code=data["code"]).first()
        if category is None:
            ExpenseCategory.objects.create(scheme=scheme, position=position, **data)
            report.categories_created += 1
        elif reset:
            for key, value in data.items():
                setattr(category, key, value)
            category.position = position
            category.save()
    return report


# --- Envelope and funder (staff area) -------------------------------------------------------------


@dataclass(frozen=True)
class FundingData:
    budget_envelope: Decimal | None
    envelope_to_confirm: bool
    funder_name: str
    instructor_name: str
    attributor_name: str
    attributor_siret: str
    signatory_name: str = ""
    signatory_title: str = ""


@transaction.atomic
def scheme_set_funding(*, actor: Any, scheme: AidScheme, data: FundingData) -> AidScheme:
    """The network staff set a scheme's envelope and its funder's details. The envelope cannot go below what is
    already granted (the scheme row is locked first, as every decision does)."""
    _require_staff(actor)
    scheme = AidScheme.objects.select_for_update().get(pk=scheme.pk)
    envelope = selectors.envelope_of(scheme)
    if data.budget_envelope is not None:
        if data.budget_envelope < 0:
            raise ServiceError(_("L'enveloppe budgétaire ne peut pas être négative."), field="budget_envelope")
        if data.budget_envelope < envelope.committed:
            raise ServiceError(
                _("L'enveloppe ne peut pas être inférieure aux aides déjà accordées (%(amount)s).")
                % {"amount": euros(envelope.committed)},
                field="budget_envelope",
            )
    if data.budget_envelope is None and envelope.committed:
        raise ServiceError(
            _("Des aides sont déjà accordées sur ce dispositif : l'enveloppe ne peut plus être vidée."),
            field="budget_envelope",
        )
    siret = data.attributor_siret.strip()
    if siret:
        try:
            siret = check_siret(siret)
        except InputError as error:
            raise ServiceError(str(error), field="attributor_siret") from None
    if not data.funder_name.strip():
        raise ServiceError(_("Indiquez le financeur."), field="funder_name")
    values: dict[str, Any] = {
        "budget_envelope": data.budget_envelope,
        "envelope_to_confirm": data.envelope_to_confirm,
        "funder_name": data.funder_name.strip(),
        "instructor_name": data.instructor_name.strip(),
        "attributor_name": data.attributor_name.strip(),
        "attributor_siret": siret,
        "signatory_name": data.signatory_name.strip()[:200],
        "signatory_title": data.signatory_title.strip()[:200],
    }
    changed = {k: [str(getattr(scheme, k)), str(v)] for k, v in values.items() if getattr(scheme, k) != v}
    if changed:
        for key, value in values.items():
            setattr(scheme, key, value)
        scheme.save(update_fields=[*values, "updated_at"])
        log_change(
            actor=actor,
            obj=scheme,
            action=AuditLogEntry.Action.UPDATE,
            changes=changed,
            message="enveloppe et financeur (espace de l'équipe)",
        )
    return scheme


# --- Simulation -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Simulation:
    evaluation: Evaluation
    residence: selectors.ResidenceAnswer | None
    envelope: selectors.Envelope


def scheme_simulate(
    *,
    scheme: AidScheme,
    residence: selectors.ResidenceAnswer | None,
    company_departement: str | None = None,
    new_setup: bool | None = None,
    claims: Sequence[ExpenseClaim] | None = None,
) -> Simulation:
    """What the simulator page and the API answer. Raises InputError for an unknown category or a bad amount."""
    envelope = selectors.envelope_of(scheme)
    situation = Situation(
        residence=residence.residence if residence else Residence.UNKNOWN,
        commune_label=residence.label if residence else "",
        company_departement=company_departement,
        new_setup=new_setup,
        expenses=list(claims) if claims else None,
    )
    evaluation = evaluate(selectors.scheme_terms(scheme, envelope), situation, today=selectors.today())
    return Simulation(evaluation=evaluation, residence=residence, envelope=envelope)
