"""Pages of the telework aid: public scheme page and simulator, the company's applications, the
instruction screens of the network staff. Thin views: fetch (scoped) -> form -> service -> message."""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from solozere.aids import selectors, services
from solozere.aids.eligibility import InputError, SchemeState, claims_from_amounts, parse_amount
from solozere.aids.forms import (
    ApplicationForm,
    ClaimForm,
    DocumentForm,
    ExpenseFormSet,
    MessageForm,
    SimulatorForm,
    SubmitForm,
    decimal_text,
    new_setup_code,
    new_setup_value,
)
from solozere.aids.models import AidApplication, AidScheme, ApplicationDocument, RepresentationClaim
from solozere.aids.personal_data import retention_months
from solozere.aids.uploads import human_size, max_upload_bytes
from solozere.aids.workflow import DECIDED_STATUSES, WORKFLOW, Role, Status
from solozere.core import ratelimit
from solozere.core.page_cache import cache_anonymous_page
from solozere.core.uploads import private_file_response
from solozere.territory.models import Commune


def _printable(text: str) -> str:
    """Without NUL and other control characters (kept: line breaks and tabs)."""
    return "".join(c for c in text if c in "\n\r\t" or ord(c) >= 32)


SIMULATOR_FIELDS = {"commune", "commune_choice", "company_departement", "new_setup"}


def _commune_names() -> list[str]:
    return list(Commune.objects.order_by("search_name").values_list("name", flat=True).distinct())


def _scheme_context(scheme: AidScheme) -> dict[str, Any]:
    envelope = selectors.envelope_of(scheme)
    state = selectors.state_of(scheme, envelope)
    return {
        "scheme": scheme,
        "envelope": envelope,
        "state": state,
        "state_label": selectors.state_label(state),
        "categories": list(scheme.categories.all()),
        "conditions": [line for line in scheme.conditions.splitlines() if line.strip()],
        "data_note": [line for line in scheme.data_note.splitlines() if line.strip()],
    }


def _simulator(request: HttpRequest, scheme: AidScheme) -> dict[str, Any]:
    keys = set(request.GET) & (SIMULATOR_FIELDS | {f"amount_{c.code}" for c in scheme.categories.all()})
    form = SimulatorForm(request.GET if keys else None, scheme=scheme)
    simulation = None
    if form.is_bound and form.is_valid():
        try:
            simulation = services.scheme_simulate(
                scheme=scheme,
                residence=form.residence,
                company_departement=form.cleaned_data.get("company_departement"),
                new_setup=new_setup_value(form.cleaned_data.get("new_setup")),
                claims=claims_from_amounts(form.amounts()),
            )
        except InputError as error:
            form.add_error(None, str(error))
    carry = {key: request.GET[key] for key in sorted(keys) if request.GET.get(key)}
    if form.residence and form.residence.row is not None:
        carry["commune_choice"] = selectors.choice_value(form.residence.row)
        carry["commune"] = str(form.residence.row.name)
    return {
        "form": form,
        "simulation": simulation,
        "residence": form.residence,
        "carry_query": urlencode(carry),
        "choice_value": selectors.choice_value,
    }


def _scheme_page(request: HttpRequest, scheme: AidScheme) -> HttpResponse:
    context = {**_scheme_context(scheme), **_simulator(request, scheme)}
    if getattr(request, "htmx", False) and request.GET.get("partial") == "simulation":
        return render(request, "aids/_simulation.html", context)
    context["commune_names"] = _commune_names()
    return render(request, "aids/scheme_detail.html", context)


@require_GET
@cache_anonymous_page("aids", "territory")
def index(request: HttpRequest) -> HttpResponse:
    schemes = list(selectors.published_schemes())
    if len(schemes) == 1:
        return _scheme_page(request, schemes[0])
    rows = [_scheme_context(scheme) for scheme in schemes]
    return render(request, "aids/scheme_list.html", {"rows": rows})


@require_GET
@cache_anonymous_page("aids", "territory")
def scheme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    scheme = get_object_or_404(selectors.published_schemes(), slug=slug)
    return _scheme_page(request, scheme)


@require_GET
@cache_anonymous_page("aids", "territory")
def scheme_rules(request: HttpRequest, slug: str) -> HttpResponse:
    scheme = get_object_or_404(selectors.published_schemes(), slug=slug)
    paragraphs = [p for p in scheme.rules_text.split("\n\n") if p.strip()]
    return render(request, "aids/scheme_rules.html", {**_scheme_context(scheme), "paragraphs": paragraphs})


# --- Applicant: the company's applications --------------------------------------------------------


def _expense_initial(application: AidApplication) -> list[dict[str, Any]]:
    return [
        {
            "line_id": line.pk,
            "category": line.category_id,
            "description": line.description,
            "amount_excl_tax": decimal_text(line.amount_excl_tax),
            "amount_incl_tax": decimal_text(line.amount_incl_tax),
        }
        for line in selectors.expense_lines(application)
    ]


def _initial_from_simulation(request: HttpRequest, scheme: AidScheme) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The simulator's answers, carried over in the query string."""
    initial: dict[str, Any] = {}
    for key in ("commune", "commune_choice", "new_setup"):
        if request.GET.get(key):
            initial[key] = request.GET[key][:120]
    expenses = []
    for category in scheme.categories.all():
        raw = request.GET.get(f"amount_{category.code}", "")
        try:
            amount = parse_amount(raw) if raw else None
        except InputError:
            amount = None
        if amount:
            basis = "amount_incl_tax" if category.amount_basis == "incl_tax" else "amount_excl_tax"
            expenses.append({"category": category.pk, basis: decimal_text(amount)})
    return initial, expenses


def _company_initial(user: Any) -> dict[str, Any]:
    company = selectors.companies_of(user).first()
    if company is None:
        return {}
    return {
        "siret": company.siret,
        "company_name": company.name,
        "company_address": company.address,
        "company_postal_code": company.postal_code,
        "company_city": company.city,
    }


def _draft_data(form: ApplicationForm, formset: Any) -> services.DraftData:
    data = form.cleaned_data
    residence = form.residence
    expenses = []
    for line_form in formset.forms:
        cleaned = getattr(line_form, "cleaned_data", {})
        if not cleaned or line_form.is_blank() or cleaned.get("DELETE"):
            continue
        expenses.append(
            services.ExpenseInput(
                pk=cleaned.get("line_id"),
                category_id=cleaned["category"].pk,
                description=cleaned["description"],
                amount_excl_tax=cleaned["amount_excl_tax"],
                amount_incl_tax=cleaned["amount_incl_tax"],
            )
        )
    return services.DraftData(
        company=services.CompanyData(
            siret=data["siret"],
            name=data["company_name"],
            address=data["company_address"],
            postal_code=data["company_postal_code"],
            city=data["company_city"],
        ),
        employee_first_name=data["employee_first_name"],
        employee_last_name=data["employee_last_name"],
        employee_birth_date=data["employee_birth_date"],
        employee_email=data.get("employee_email") or "",
        employee_address=data["employee_address"],
        employee_commune_input=data["commune"],
        employee_commune=residence.row if residence else None,
        new_setup=new_setup_value(data.get("new_setup")),
        telework_start=data.get("telework_start"),
        expenses=expenses,
    )


def _application_form_page(
    request: HttpRequest, scheme: AidScheme, application: AidApplication | None = None
) -> HttpResponse:
    if request.method == "POST":
        form = ApplicationForm(request.POST, scheme=scheme)
        formset: Any = ExpenseFormSet(request.POST, scheme=scheme, prefix="expenses")  # type: ignore[call-arg]
        if form.is_valid() and formset.is_valid():
            try:
                saved = services.application_save_draft(
                    user=request.user, scheme=scheme, data=_draft_data(form, formset), application=application
                )
            except services.ServiceError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("Brouillon enregistré. Vérifiez l'éligibilité, puis ajoutez les pièces."))
                return redirect(saved)
    elif application is not None:
        initial = {
            **_company_initial(request.user),
            "siret": application.company.siret,
            "company_name": application.company.name,
            "company_address": application.company.address,
            "company_postal_code": application.company.postal_code,
            "company_city": application.company.city,
            "employee_first_name": application.employee_first_name,
            "employee_last_name": application.employee_last_name,
            "employee_birth_date": application.employee_birth_date,
            "employee_email": application.employee_email,
            "employee_address": application.employee_address,
            "commune": application.employee_commune.name
            if application.employee_commune
            else application.employee_commune_input,
            "commune_choice": selectors.choice_value(application.employee_commune)
            if application.employee_commune
            else "",
            "new_setup": new_setup_code(application.new_setup),
            "telework_start": application.telework_start,
        }
        form = ApplicationForm(initial=initial, scheme=scheme)
        formset = ExpenseFormSet(initial=_expense_initial(application), scheme=scheme, prefix="expenses")  # type: ignore[call-arg]
    else:
        carried, expenses = _initial_from_simulation(request, scheme)
        form = ApplicationForm(initial={**_company_initial(request.user), **carried}, scheme=scheme)
        formset = ExpenseFormSet(initial=expenses, scheme=scheme, prefix="expenses")  # type: ignore[call-arg]
    context = {
        **_scheme_context(scheme),
        "form": form,
        "formset": formset,
        "application": application,
        "residence": form.residence,
        "commune_names": _commune_names(),
    }
    return render(request, "aids/application_form.html", context, status=400 if form.is_bound else 200)


@login_required
@require_http_methods(["GET", "POST"])
def application_new(request: HttpRequest, slug: str) -> HttpResponse:
    scheme = get_object_or_404(selectors.published_schemes(), slug=slug)
    state = selectors.state_of(scheme)
    if state != SchemeState.OPEN:
        messages.error(
            request,
            _("Ce dispositif ne reçoit pas de demande pour le moment (%(state)s).")
            % {"state": selectors.state_label(state)},
        )
        return redirect(scheme)
    return _application_form_page(request, scheme)


@login_required
@require_http_methods(["GET", "POST"])
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_for_applicant(request.user, pk)
    if application.status != Status.DRAFT:
        messages.error(request, _("Cette demande est déposée : elle ne peut plus être modifiée."))
        return redirect(application)
    return _application_form_page(request, application.scheme, application)


@login_required
@require_GET
def my_applications(request: HttpRequest) -> HttpResponse:
    applications = selectors.applications_for_applicant(request.user).order_by("-created_at")
    schemes = [
        row for row in (_scheme_context(s) for s in selectors.published_schemes()) if row["state"] == SchemeState.OPEN
    ]
    return render(request, "aids/my_applications.html", {"applications": applications, "schemes": schemes})


def _applicant_context(
    request: HttpRequest,
    application: AidApplication,
    upload_errors: dict[str, list[str]] | None = None,
    **overrides: Any,
) -> dict[str, Any]:
    upload_errors = upload_errors or {}
    evaluation = services.evaluate_application(application)
    lines = selectors.expense_lines(application)
    documents = list(application.documents.select_related("expense_line").order_by("uploaded_at", "pk"))
    open_request = application.document_requests.filter(fulfilled_at__isnull=True).first()
    context = {
        "application": application,
        "scheme": application.scheme,
        "evaluation": evaluation,
        "lines": lines,
        "expenses_total": selectors.expenses_total(application, lines),
        "documents": documents,
        "proofs": [d for d in documents if d.kind == ApplicationDocument.Kind.PROOF_OF_ADDRESS],
        "other_documents": [
            d for d in documents if d.expense_line_id is None and d.kind != ApplicationDocument.Kind.PROOF_OF_ADDRESS
        ],
        "uploads_allowed": services.uploads_allowed(application, evaluation),
        "missing": services.missing_pieces(application) if application.status == Status.DRAFT else [],
        "submit_form": SubmitForm(),
        "message_form": MessageForm(),
        "line_rows": [
            {
                "line": line,
                "documents": [d for d in documents if d.expense_line_id == line.pk],
                "errors": upload_errors.get(str(line.pk), []),
            }
            for line in lines
        ],
        "proof_errors": upload_errors.get(ApplicationDocument.Kind.PROOF_OF_ADDRESS, []),
        "other_errors": upload_errors.get(ApplicationDocument.Kind.OTHER, []),
        "upload_error_list": [error for errors in upload_errors.values() for error in errors],
        "open_request": open_request,
        "document_requests": list(application.document_requests.order_by("created_at")),
        "messages_thread": list(application.messages.select_related("author")),
        "transitions": list(application.transitions.select_related("actor")),
        "actions": [t.action for t in WORKFLOW.available(application.status, Role.APPLICANT)],
        "deletable": _deletable_documents(application, documents),
        "max_upload": human_size(max_upload_bytes()),
        "draft_retention_months": retention_months(),
        "representative": application.company.representatives.filter(pk=request.user.pk).exists(),
        "claim": application.company.representation_claims.filter(claimant_id=request.user.pk)
        .order_by("-created_at")
        .first(),
        "quote_kinds": [
            (ApplicationDocument.Kind.QUOTE.value, ApplicationDocument.Kind.QUOTE.label),
            (ApplicationDocument.Kind.INVOICE.value, ApplicationDocument.Kind.INVOICE.label),
        ],
    }
    context.update(overrides)
    return context


def _deletable_documents(application: AidApplication, documents: list[ApplicationDocument]) -> set[int]:
    if application.status == Status.DRAFT:
        return {d.pk for d in documents}
    if application.status == Status.AWAITING_DOCUMENTS:
        return {d.pk for d in documents if d.document_request_id is not None}
    return set()


@login_required
@require_GET
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.applications_for_applicant(request.user).filter(pk=pk).first()
    if application is None:
        if request.user.is_staff and selectors.applications_for_staff(request.user).filter(pk=pk).exists():
            return redirect("aids:staff_detail", pk=pk)
        raise Http404
    return render(request, "aids/application_detail.html", _applicant_context(request, application))


@login_required
@require_POST
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_for_applicant(request.user, pk)
    form = DocumentForm(request.POST, request.FILES)
    key = request.POST.get("expense_line") or request.POST.get("kind") or "other"
    if form.is_valid():
        line = None
        if form.cleaned_data.get("expense_line"):
            line = application.expenses.filter(pk=form.cleaned_data["expense_line"]).first()
            if line is None:
                raise Http404
        try:
            document = services.document_add(
                user=request.user,
                application=application,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
                expense_line=line,
            )
        except services.ServiceError as error:
            form.add_error("file" if error.field in (None, "file") else None, error.message)
        else:
            messages.success(request, _("Pièce ajoutée : %(name)s.") % {"name": document.original_name})
            return redirect(f"{application.get_absolute_url()}#pieces")
    errors = [str(e) for e in form.errors.get("file", [])] + [str(e) for e in form.non_field_errors()]
    errors += [str(e) for name, errs in form.errors.items() if name not in ("file", "__all__") for e in errs]
    context = _applicant_context(request, application, upload_errors={str(key): errors})
    return render(request, "aids/application_detail.html", context, status=400)


@login_required
@require_POST
def document_delete(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    application = selectors.application_for_applicant(request.user, pk)
    document = get_object_or_404(application.documents, pk=document_pk)
    try:
        services.document_delete(user=request.user, document=document)
    except services.ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Pièce retirée."))
    return redirect(f"{application.get_absolute_url()}#pieces")


@login_required
@require_POST
def application_submit(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_for_applicant(request.user, pk)
    form = SubmitForm(request.POST)
    form.is_valid()
    try:
        services.application_submit(
            user=request.user,
            application=application,
            accuracy=bool(form.cleaned_data.get("declares_accuracy")),
            rules_accepted=bool(form.cleaned_data.get("declares_rules_accepted")),
            no_double_funding=bool(form.cleaned_data.get("declares_no_double_funding")),
        )
    except services.ServiceError as error:
        form.add_error(None, error.message)
        application.refresh_from_db()
        return render(
            request,
            "aids/application_detail.html",
            _applicant_context(request, application, submit_form=form),
            status=400,
        )
    messages.success(request, _("Demande déposée. Un accusé de réception vous a été envoyé par e-mail."))
    return redirect(application)


@login_required
@require_POST
def application_complete(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_for_applicant(request.user, pk)
    try:
        services.application_complete(user=request.user, application=application)
    except services.ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Demande renvoyée à l'équipe avec les pièces ajoutées."))
    return redirect(application)


@login_required
@require_POST
def application_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_for_applicant(request.user, pk)
    try:
        services.application_withdraw(
            user=request.user, application=application, reason=_printable(request.POST.get("reason", ""))[:2000]
        )
    except services.ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Demande retirée."))
    return redirect(application)


@login_required
@require_POST
def applicant_message(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_for_applicant(request.user, pk)
    form = MessageForm(request.POST)
    status = 400
    if form.is_valid() and not ratelimit.consume(request, action="aid_message"):
        # The message comes back as typed, with the refusal.
        form.add_error("body", ratelimit.limited_message())
        status = 429
    elif form.is_valid():
        try:
            services.message_post(user=request.user, application=application, body=form.cleaned_data["body"])
        except services.ServiceError as error:
            form.add_error("body", error.message)
        else:
            messages.success(request, _("Message envoyé à l'équipe du réseau."))
            return redirect(f"{application.get_absolute_url()}#messages")
    return render(
        request,
        "aids/application_detail.html",
        _applicant_context(request, application, message_form=form),
        status=status,
    )


@login_required
@require_GET
def document_download(request: HttpRequest, document_pk: int) -> FileResponse:
    """Pieces are private: only the company's representatives and the staff get them."""
    document = get_object_or_404(selectors.documents_for(request.user), pk=document_pk)
    return private_file_response(document.file, given_name=document.original_name, default="piece")


@login_required
@require_GET
def decision_letter(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.applications_for_applicant(request.user).filter(pk=pk).first()
    if application is None:
        application = selectors.applications_for_staff(request.user).filter(pk=pk).first()
    if application is None or application.status not in DECIDED_STATUSES:
        raise Http404
    lines = selectors.expense_lines(application)
    return render(
        request,
        "aids/decision_letter.html",
        {
            "application": application,
            "scheme": application.scheme,
            "lines": lines,
            "expenses_total": selectors.expenses_total(application, lines),
            "decided_on": timezone.localdate(application.decided_at) if application.decided_at else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def claim_new(request: HttpRequest, company_pk: int) -> HttpResponse:
    """Ask to represent the company of one's draft, with a proof the staff review."""
    company = get_object_or_404(selectors.companies_to_claim(request.user), pk=company_pk)
    represented = company.representatives.exists()
    form = ClaimForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.claim_file(
                user=request.user,
                company=company,
                proof=data["proof"],
                upload=data.get("file"),
                website=data.get("website") or "",
                role_in_company=data.get("role_in_company") or "",
                message=_printable(data.get("message") or ""),
                contest=bool(data.get("contest")),
            )
        except services.ServiceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request, _("Demande envoyée : l'équipe du réseau vérifie votre preuve et vous répond par e-mail.")
            )
            return redirect("aids:my_applications")
    return render(
        request,
        "aids/claim_form.html",
        {
            "company": company,
            "represented": represented,
            "form": form,
            "pending": services.pending_claim(user=request.user, company=company),
            "proofs": RepresentationClaim.Proof,
            "max_upload": human_size(max_upload_bytes()),
        },
        status=400 if form.is_bound else 200,
    )
