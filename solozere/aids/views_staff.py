"""Staff screens of the aid: the instruction queue, an application's review and decision, the reporting. Every
decision goes through solozere.aids.services; only the network staff get here (accounts.decorators)."""

from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from solozere.accounts.decorators import staff_required
from solozere.aids import selectors, services
from solozere.aids.forms import (
    AcceptForm,
    AnnotationForm,
    AssignForm,
    ClaimDecisionForm,
    DocumentRequestForm,
    FundingForm,
    MessageForm,
    PaymentForm,
    QueueFilterForm,
    RefuseForm,
    decimal_text,
)
from solozere.aids.models import AidApplication, AidScheme
from solozere.aids.workflow import CLAIM_WORKFLOW, DECIDED_STATUSES, WORKFLOW, ClaimStatus, Role
from solozere.core.csv_export import SafeWriter
from solozere.core.uploads import private_file_response

# --- Staff: instruction ---------------------------------------------------------------------------


@staff_required
@require_GET
def staff_queue(request: HttpRequest) -> HttpResponse:
    filters = QueueFilterForm(request.GET)
    filters.is_valid()
    values = {k: (filters.cleaned_data.get(k) or "") for k in ("status", "scheme", "assigned", "q")}
    paginator = Paginator(selectors.queue(request.user, **values), 50)
    page = paginator.get_page(request.GET.get("page"))
    schemes = list(selectors.published_schemes())
    envelopes = [(scheme, selectors.envelope_of(scheme)) for scheme in schemes]
    query = urlencode({k: v for k, v in values.items() if v})
    counts = selectors.status_counts(request.user)
    return render(
        request,
        "aids/staff_queue.html",
        {
            "page": page,
            "values": values,
            "schemes": schemes,
            "envelopes": envelopes,
            "statuses": [(s.value, s.label, counts.get(s.value, 0)) for s in selectors.QUEUE_STATUSES],
            "query": query,
        },
    )


def _staff_context(request: HttpRequest, application: AidApplication, **overrides: Any) -> dict[str, Any]:
    envelope = selectors.envelope_of(application.scheme)
    evaluation = services.evaluate_application(application, envelope=envelope)
    lines = selectors.expense_lines(application)
    total = selectors.expenses_total(application, lines)
    suggested = min(total, application.scheme.ceiling, envelope.remaining if envelope.remaining is not None else total)
    context = {
        "application": application,
        "scheme": application.scheme,
        "envelope": envelope,
        "evaluation": evaluation,
        "lines": lines,
        "expenses_total": total,
        "documents": list(
            application.documents.select_related("expense_line", "document_request").order_by("uploaded_at", "pk")
        ),
        "document_requests": list(application.document_requests.select_related("requested_by").order_by("created_at")),
        "annotations": list(application.annotations.select_related("author")),
        "messages_thread": list(application.messages.select_related("author")),
        "transitions": list(application.transitions.select_related("actor")),
        "actions": [t.action for t in WORKFLOW.available(application.status, Role.STAFF)],
        "staff": list(selectors.staff_users()),
        "annotation_form": AnnotationForm(),
        "message_form": MessageForm(),
        "request_form": DocumentRequestForm(),
        "accept_form": AcceptForm(initial={"amount": decimal_text(max(suggested, Decimal("0")))}),
        "refuse_form": RefuseForm(),
        "payment_form": PaymentForm(
            initial={"paid_on": selectors.today(), "amount": decimal_text(application.granted_amount)}
        ),
        "decided": application.status in DECIDED_STATUSES,
    }
    context.update(overrides)
    return context


@staff_required
@require_GET
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_for_staff(request.user, pk)
    return render(request, "aids/staff_detail.html", _staff_context(request, application))


def _staff_action(
    request: HttpRequest, pk: int, form_class: Any, context_key: str, run: Any, success: str
) -> HttpResponse:
    """POST -> form -> service; on refusal the page is shown again with the form as typed and the reason."""
    application = selectors.application_for_staff(request.user, pk)
    form = form_class(request.POST) if form_class else None
    if form is None or form.is_valid():
        try:
            run(application, form.cleaned_data if form else {})
        except services.ServiceError as error:
            if form is None:
                messages.error(request, error.message)
                return redirect("aids:staff_detail", pk=pk)
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, success)
            return redirect("aids:staff_detail", pk=pk)
    application.refresh_from_db()
    context = _staff_context(request, application, **{context_key: form, "failed_form": context_key})
    # A refusal about a form whose section is not on the page (the state changed, or the assignment
    # form) is said at the top.
    shown = context_key in ("annotation_form", "message_form") or _SECTION_ACTION.get(context_key) in context["actions"]
    if not shown:
        context["top_errors"] = [str(e) for errors in form.errors.values() for e in errors]
    return render(request, "aids/staff_detail.html", context, status=400)


_SECTION_ACTION = {
    "accept_form": "accept",
    "refuse_form": "refuse",
    "request_form": "request_documents",
    "payment_form": "record_payment",
}


@staff_required
@require_POST
def staff_assign(request: HttpRequest, pk: int) -> HttpResponse:
    def run(application: AidApplication, data: dict[str, Any]) -> None:
        assignee_id = data.get("assignee")
        assignee = selectors.staff_users().filter(pk=assignee_id).first() if assignee_id else None
        if assignee_id and assignee is None:
            raise services.ServiceError(_("Une demande ne peut être attribuée qu'à un membre de l'équipe."))
        services.application_assign(actor=request.user, application=application, assignee=assignee)

    response = _staff_action(request, pk, AssignForm, "assign_form", run, _("Attribution enregistrée."))
    if request.POST.get("next") == "queue" and response.status_code == 302:
        return redirect("aids:staff_queue")
    return response


@staff_required
@require_POST
def staff_start_review(request: HttpRequest, pk: int) -> HttpResponse:
    return _staff_action(
        request,
        pk,
        None,
        "",
        lambda application, data: services.application_start_review(actor=request.user, application=application),
        _("Demande prise en instruction."),
    )


@staff_required
@require_POST
def staff_request_documents(request: HttpRequest, pk: int) -> HttpResponse:
    return _staff_action(
        request,
        pk,
        DocumentRequestForm,
        "request_form",
        lambda application, data: services.application_request_documents(
            actor=request.user, application=application, message=data["message"]
        ),
        _("Demande de pièces envoyée à l'entreprise."),
    )


@staff_required
@require_POST
def staff_accept(request: HttpRequest, pk: int) -> HttpResponse:
    return _staff_action(
        request,
        pk,
        AcceptForm,
        "accept_form",
        lambda application, data: services.application_accept(
            actor=request.user, application=application, amount=data["amount"], motive=data.get("motive", "")
        ),
        _("Aide accordée. L'entreprise est prévenue par e-mail ; la lettre de décision est prête."),
    )


@staff_required
@require_POST
def staff_refuse(request: HttpRequest, pk: int) -> HttpResponse:
    return _staff_action(
        request,
        pk,
        RefuseForm,
        "refuse_form",
        lambda application, data: services.application_refuse(
            actor=request.user, application=application, motive=data["motive"]
        ),
        _("Refus enregistré. L'entreprise est prévenue par e-mail."),
    )


@staff_required
@require_POST
def staff_payment(request: HttpRequest, pk: int) -> HttpResponse:
    return _staff_action(
        request,
        pk,
        PaymentForm,
        "payment_form",
        lambda application, data: services.application_record_payment(
            actor=request.user, application=application, paid_on=data["paid_on"], amount=data["amount"]
        ),
        _("Versement enregistré."),
    )


@staff_required
@require_POST
def staff_annotation(request: HttpRequest, pk: int) -> HttpResponse:
    return _staff_action(
        request,
        pk,
        AnnotationForm,
        "annotation_form",
        lambda application, data: services.annotation_add(
            actor=request.user, application=application, body=data["body"]
        ),
        _("Note ajoutée."),
    )


@staff_required
@require_POST
def staff_message(request: HttpRequest, pk: int) -> HttpResponse:
    return _staff_action(
        request,
        pk,
        MessageForm,
        "message_form",
        lambda application, data: services.message_post(user=request.user, application=application, body=data["body"]),
        _("Message envoyé à l'entreprise."),
    )


# --- Staff: reporting -----------------------------------------------------------------------------


def _report_scheme(request: HttpRequest) -> AidScheme | None:
    value = request.GET.get("scheme", "")
    return selectors.published_schemes().filter(pk=int(value)).first() if value.isdigit() else None


@staff_required
@require_GET
def staff_report(request: HttpRequest) -> HttpResponse:
    scheme = _report_scheme(request)
    report = selectors.report(request.user, scheme=scheme)
    return render(
        request,
        "aids/staff_report.html",
        {
            "report": report,
            "scheme": scheme,
            "schemes": list(selectors.published_schemes()),
            "sections": [
                (_("Par état"), report.by_status, _("État")),
                (_("Par commune de résidence"), report.by_commune, _("Commune")),
                (_("Par catégorie de dépense"), report.by_category, _("Catégorie")),
            ],
        },
    )


@staff_required
@require_GET
def staff_report_csv(request: HttpRequest) -> HttpResponse:
    scheme = _report_scheme(request)
    report = selectors.report(request.user, scheme=scheme)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="aides-teletravail-statistiques.csv"'
    writer = SafeWriter(response)
    writer.writerow(["rubrique", "cle", "libelle", "nombre", "montant_demande", "montant_accorde", "montant_verse"])
    for section, rows in (
        ("etat", report.by_status),
        ("commune", report.by_commune),
        ("categorie", report.by_category),
    ):
        for row in rows:
            writer.writerow([section, row.key, row.label, row.count, row.requested, row.granted, row.paid])
    return response


# --- Staff: envelope and funder -------------------------------------------------------------------


@staff_required
@require_GET
def staff_schemes(request: HttpRequest) -> HttpResponse:
    schemes = list(AidScheme.objects.order_by("title"))
    rows = [(scheme, selectors.envelope_of(scheme)) for scheme in schemes]
    return render(request, "aids/staff_schemes.html", {"rows": rows})


@staff_required
@require_http_methods(["GET", "POST"])
def staff_scheme_funding(request: HttpRequest, slug: str) -> HttpResponse:
    """The network staff (not only superusers) set the envelope and the funder's details here."""
    scheme = get_object_or_404(AidScheme, slug=slug)
    if request.method == "POST":
        form = FundingForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.scheme_set_funding(
                    actor=request.user,
                    scheme=scheme,
                    data=services.FundingData(
                        budget_envelope=data["budget_envelope"],
                        envelope_to_confirm=bool(data.get("envelope_to_confirm")),
                        funder_name=data["funder_name"],
                        instructor_name=data.get("instructor_name") or "",
                        attributor_name=data.get("attributor_name") or "",
                        attributor_siret=data.get("attributor_siret") or "",
                        signatory_name=data.get("signatory_name") or "",
                        signatory_title=data.get("signatory_title") or "",
                    ),
                )
            except services.ServiceError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("Enveloppe, financeur et signataire enregistrés."))
                return redirect("aids:staff_schemes")
    else:
        form = FundingForm(
            initial={
                "budget_envelope": decimal_text(scheme.budget_envelope) if scheme.budget_envelope is not None else "",
                "envelope_to_confirm": scheme.envelope_to_confirm,
                "funder_name": scheme.funder_name,
                "instructor_name": scheme.instructor_name,
                "attributor_name": scheme.attributor_name,
                "attributor_siret": scheme.attributor_siret,
                "signatory_name": scheme.signatory_name,
                "signatory_title": scheme.signatory_title,
            }
        )
    return render(
        request,
        "aids/staff_scheme_funding.html",
        {"scheme": scheme, "envelope": selectors.envelope_of(scheme), "form": form},
        status=400 if form.is_bound else 200,
    )


# --- Staff: representation claims -----------------------------------------------------------------


@staff_required
@require_GET
def staff_claims(request: HttpRequest) -> HttpResponse:
    claims = selectors.claims_for_staff(request.user)
    return render(
        request,
        "aids/staff_claims.html",
        {
            "pending": list(claims.filter(status=ClaimStatus.PENDING).order_by("created_at", "pk")),
            "decided": list(claims.exclude(status=ClaimStatus.PENDING).order_by("-decided_at", "-pk")[:50]),
        },
    )


def _claim_page(request: HttpRequest, claim: Any, form: Any = None, status: int = 200) -> HttpResponse:
    return render(
        request,
        "aids/staff_claim.html",
        {
            "claim": claim,
            "form": form or ClaimDecisionForm(),
            "representatives": list(claim.company.representatives.order_by("email")),
            "others": list(claim.company.representation_claims.exclude(pk=claim.pk).select_related("claimant")),
            "transitions": list(claim.transitions.select_related("actor")),
            "actions": [t.action for t in CLAIM_WORKFLOW.available(claim.status, Role.STAFF)],
        },
        status=status,
    )


@staff_required
@require_GET
def staff_claim(request: HttpRequest, pk: int) -> HttpResponse:
    return _claim_page(request, selectors.claim_for_staff(request.user, pk))


@staff_required
@require_POST
def staff_claim_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    claim = selectors.claim_for_staff(request.user, pk)
    form = ClaimDecisionForm(request.POST)
    if form.is_valid():
        reason = form.cleaned_data.get("reason") or ""
        try:
            if decision == "approve":
                services.claim_approve(actor=request.user, claim=claim, reason=reason)
            else:
                services.claim_refuse(actor=request.user, claim=claim, reason=reason)
        except services.ServiceError as error:
            form.add_error("reason", error.message)
        else:
            messages.success(
                request,
                _("Représentation acceptée.") if decision == "approve" else _("Représentation refusée."),
            )
            return redirect("aids:staff_claims")
    claim.refresh_from_db()
    return _claim_page(request, claim, form, status=400)


@staff_required
@require_GET
def staff_claim_document(request: HttpRequest, pk: int) -> FileResponse:
    claim = selectors.claim_for_staff(request.user, pk)
    return private_file_response(claim.file, given_name=claim.original_name, default="justificatif")
