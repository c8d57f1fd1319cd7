"""Pages of the telework aid: public scheme page and simulator, the company's applications, the
instruction screens of the network staff. Thin views: fetch (scoped) -> form -> service -> message."""

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from solozere.aids import answers, selectors, services
from solozere.aids.eligibility import InputError, claims_from_amounts, parse_amount
from solozere.aids.forms import (
    NEW_SETUP_CHOICES,
    ClaimForm,
    CompanyStepForm,
    DocumentForm,
    EmployeeStepForm,
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
from solozere.territory.selectors import CodeKind


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
        "receives_applications": selectors.receives_applications(state),
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
    carried = answers.Answers(
        commune=str(form.residence.row.name)
        if form.residence and form.residence.row
        else request.GET.get("commune", ""),
        commune_choice=selectors.choice_value(form.residence.row) if form.residence and form.residence.row else "",
        company_departement=request.GET.get("company_departement", ""),
        new_setup=request.GET.get("new_setup", ""),
        amounts={
            c.code: request.GET[f"amount_{c.code}"] for c in form.categories if request.GET.get(f"amount_{c.code}")
        },
    )
    return {
        "form": form,
        "simulation": simulation,
        "residence": form.residence,
        # Signed, so that it survives log-in and sign-up as `next` untouched (answers.py).
        "carry_query": urlencode({answers.PARAM: answers.sign(carried)}) if simulation else "",
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


STEPS = (
    ("entreprise", _lazy("Entreprise")),
    ("salarie", _lazy("Télétravailleur et lieu")),
    ("depenses", _lazy("Dépenses")),
    ("pieces", _lazy("Pièces")),
    ("deposer", _lazy("Vérifier et déposer")),
)
FORM_STEPS = ("entreprise", "salarie", "depenses")


def _step_url(application: AidApplication, step: str, token: str = "") -> str:
    if step == "pieces":
        return f"{application.get_absolute_url()}#pieces"
    if step == "deposer":
        return f"{application.get_absolute_url()}#deposer"
    url = reverse("aids:application_step", kwargs={"pk": application.pk, "step": step})
    return f"{url}?{urlencode({answers.PARAM: token})}" if token else url


def steps_of(application: AidApplication | None, current: str) -> list[dict[str, Any]]:
    """The step indicator of the application (components/steps.html contract)."""
    keys = [key for key, _label in STEPS]
    position = keys.index(current)
    rows = []
    for index, (key, label) in enumerate(STEPS):
        state = "done" if index < position else "current" if index == position else "todo"
        url = None
        if application is not None and state != "current":
            url = _step_url(application, key)
        rows.append({"key": key, "label": str(label), "url": url, "state": state})
    return rows


def _read_answers(request: HttpRequest) -> tuple[answers.Answers | None, str, str]:
    """The simulator's answers of a signed link: (answers, the token to carry on, a French note if refused)."""
    token = (request.POST.get(answers.PARAM) or request.GET.get(answers.PARAM) or "")[:2000]
    if not token:
        return None, "", ""
    found, problem = answers.read(token)
    if found is None:
        note = (
            _(
                "Le lien de la simulation a expiré : la demande n'est pas pré-remplie. Refaites la simulation, ou "
                "remplissez la demande directement."
            )
            if problem == answers.LinkProblem.EXPIRED
            else _(
                "Le lien de la simulation n'est pas valide : la demande n'est pas pré-remplie. Refaites la "
                "simulation, ou remplissez la demande directement."
            )
        )
        return None, "", note
    return found, token, ""


def _answers_summary(scheme: AidScheme, found: answers.Answers | None) -> list[str]:
    """The simulator's answers in words, as the page promises to take them up."""
    if found is None:
        return []
    lines = []
    if found.commune:
        lines.append(_("Commune du salarié : %(commune)s") % {"commune": found.commune})
    labels = dict(NEW_SETUP_CHOICES)
    if found.new_setup in labels:
        lines.append(_("Télétravail nouveau : %(answer)s") % {"answer": labels[found.new_setup]})
    for category in scheme.categories.all():
        amount = found.amounts.get(category.code)
        if amount:
            lines.append(_("%(category)s : %(amount)s €") % {"category": category.label, "amount": amount})
    return lines


def _employee_from_answers(scheme: AidScheme, found: answers.Answers | None) -> services.EmployeeData | None:
    if found is None or not (found.commune or found.new_setup):
        return None
    row = None
    if found.commune or found.commune_choice:
        residence = selectors.resolve_residence(
            found.commune, scheme.zone, codes=CodeKind.ANY, choice=found.commune_choice
        )
        row = residence.row if residence.decided else None
    return services.EmployeeData(
        employee_commune_input=found.commune,
        employee_commune=row,
        new_setup=new_setup_value(found.new_setup if found.new_setup in ("yes", "no") else None),
    )


def _expenses_from_answers(scheme: AidScheme, found: answers.Answers | None) -> list[dict[str, Any]]:
    rows = []
    for category in scheme.categories.all():
        raw = found.amounts.get(category.code, "") if found else ""
        try:
            amount = parse_amount(raw) if raw else None
        except InputError:
            amount = None
        if amount:
            basis = "amount_incl_tax" if category.amount_basis == "incl_tax" else "amount_excl_tax"
            rows.append({"category": category.pk, "description": category.label, basis: decimal_text(amount)})
    return rows


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


def _company_data(form: CompanyStepForm) -> services.CompanyData:
    data = form.cleaned_data
    return services.CompanyData(
        siret=data["siret"],
        name=data.get("company_name") or "",
        address=data.get("company_address") or "",
        postal_code=data.get("company_postal_code") or "",
        city=data.get("company_city") or "",
    )


def _employee_data(form: EmployeeStepForm) -> services.EmployeeData:
    data = form.cleaned_data
    residence = form.residence
    return services.EmployeeData(
        employee_first_name=data.get("employee_first_name") or "",
        employee_last_name=data.get("employee_last_name") or "",
        employee_birth_date=data.get("employee_birth_date"),
        employee_email=data.get("employee_email") or "",
        employee_address=data.get("employee_address") or "",
        employee_commune_input=data.get("commune") or "",
        employee_commune=residence.row if residence and residence.decided else None,
        new_setup=new_setup_value(data.get("new_setup")),
        telework_start=data.get("telework_start"),
    )


def _expense_inputs(formset: Any) -> list[services.ExpenseInput]:
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
                amount_incl_tax=cleaned.get("amount_incl_tax"),
            )
        )
    return expenses


def _employee_initial(application: AidApplication) -> dict[str, Any]:
    return {
        "employee_first_name": application.employee_first_name,
        "employee_last_name": application.employee_last_name,
        "employee_birth_date": application.employee_birth_date,
        "employee_email": application.employee_email,
        "employee_address": application.employee_address,
        "commune": application.employee_commune.name
        if application.employee_commune
        else application.employee_commune_input,
        "commune_choice": selectors.choice_value(application.employee_commune) if application.employee_commune else "",
        "new_setup": new_setup_code(application.new_setup) if application.employee_commune_input else "",
        "telework_start": application.telework_start,
    }


def _expense_formset(scheme: AidScheme, **kwargs: Any) -> Any:
    return ExpenseFormSet(scheme=scheme, prefix="expenses", **kwargs)  # type: ignore[call-arg]


def _with_one_more_line(request: HttpRequest, scheme: AidScheme) -> Any:
    """ "Ajouter une ligne" without JavaScript: the lines as typed (nothing checked, nothing lost), one more empty."""
    try:
        total = int(request.POST.get("expenses-TOTAL_FORMS", "0"))
    except ValueError:
        total = 0
    total = max(0, min(total, services.MAX_EXPENSE_LINES - 1))
    names = ("line_id", "category", "description", "amount_excl_tax", "amount_incl_tax", "DELETE")
    rows: list[dict[str, Any]] = [
        {name: request.POST.get(f"expenses-{i}-{name}", "")[:255] for name in names} for i in range(total)
    ]
    for row in rows:
        row["DELETE"] = bool(row["DELETE"])
        if not str(row["line_id"]).isdigit():
            row["line_id"] = None
    return _expense_formset(scheme, initial=rows)


def _next_url(application: AidApplication, step: str, go: str, token: str) -> str:
    keys = [key for key, _label in STEPS]
    index = keys.index(step)
    if go == "next":
        return _step_url(application, keys[index + 1], token)
    if go == "prev" and index > 0:
        return _step_url(application, keys[index - 1], token)
    return _step_url(application, step, token)


def _step_page(
    request: HttpRequest,
    scheme: AidScheme,
    application: AidApplication | None,
    step: str,
    *,
    form: Any = None,
    formset: Any = None,
    found: answers.Answers | None = None,
    token: str = "",
    link_note: str = "",
    service_error: str = "",
    status: int = 200,
) -> HttpResponse:
    context = {
        **_scheme_context(scheme),
        "step": step,
        "steps": steps_of(application, step),
        "form": form,
        "formset": formset,
        "application": application,
        "residence": getattr(form, "residence", None),
        "commune_names": _commune_names() if step == "salarie" else [],
        "answers_token": token,
        "answers_param": answers.PARAM,
        "answers_summary": _answers_summary(scheme, found) if application is None else [],
        "link_note": link_note,
        "service_error": service_error,
        "previous_step": None if step == "entreprise" else STEPS[[k for k, _l in STEPS].index(step) - 1][1],
    }
    return render(request, "aids/application_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def application_new(request: HttpRequest, slug: str) -> HttpResponse:
    """Step 1 of a new application. A visitor is sent to log in (or sign up) with this URL, signed answers
    included, as `next`: they come back here, signed in, and the answers are taken up."""
    scheme = get_object_or_404(selectors.published_schemes(), slug=slug)
    state = selectors.state_of(scheme)
    if not selectors.receives_applications(state):
        messages.error(
            request,
            _("Ce dispositif ne reçoit pas de demande pour le moment (%(state)s).")
            % {"state": selectors.state_label(state)},
        )
        return redirect(scheme)
    found, token, link_note = _read_answers(request)
    if request.method == "POST":
        form = CompanyStepForm(request.POST, scheme=scheme)
        if form.is_valid():
            try:
                saved = services.application_save_step(
                    user=request.user,
                    scheme=scheme,
                    company=_company_data(form),
                    employee=_employee_from_answers(scheme, found),
                )
            except services.ServiceError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("Brouillon enregistré : vous pouvez y revenir à tout moment."))
                return redirect(_next_url(saved, "entreprise", request.POST.get("go", "next"), token))
    else:
        form = CompanyStepForm(initial=_company_initial(request.user), scheme=scheme)
    return _step_page(
        request,
        scheme,
        None,
        "entreprise",
        form=form,
        found=found,
        token=token,
        link_note=link_note,
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_edit(request: HttpRequest, pk: int, step: str = "entreprise") -> HttpResponse:
    """One step of a draft: each is saved on its own ("Enregistrer le brouillon"), incomplete if need be, and the
    steps go back and forth without losing anything."""
    application = selectors.application_for_applicant(request.user, pk)
    if step not in FORM_STEPS:
        raise Http404
    if application.status != Status.DRAFT:
        messages.error(request, _("Cette demande est déposée : elle ne peut plus être modifiée."))
        return redirect(application)
    scheme = application.scheme
    found, token, link_note = _read_answers(request)
    form: Any = None
    formset: Any = None
    if request.method == "POST":
        go = request.POST.get("go", "stay")
        parts: dict[str, Any] = {}
        service_error = ""
        if step == "depenses":
            if "add_line" in request.POST:
                formset = _with_one_more_line(request, scheme)
                return _step_page(request, scheme, application, step, formset=formset, token=token)
            formset = _expense_formset(scheme, data=request.POST)
            if formset.is_valid():
                parts["expenses"] = _expense_inputs(formset)
        else:
            form_class = CompanyStepForm if step == "entreprise" else EmployeeStepForm
            form = form_class(request.POST, scheme=scheme)
            if form.is_valid():
                parts["company" if step == "entreprise" else "employee"] = (
                    _company_data(form) if step == "entreprise" else _employee_data(form)
                )
        if parts:
            try:
                saved = services.application_save_step(
                    user=request.user, scheme=scheme, application=application, **parts
                )
            except services.ServiceError as error:
                if form is not None:
                    form.add_error(error.field if error.field in form.fields else None, error.message)
                else:
                    service_error = error.message
            else:
                messages.success(request, _("Brouillon enregistré."))
                return redirect(_next_url(saved, step, go, token))
        return _step_page(
            request,
            scheme,
            application,
            step,
            form=form,
            formset=formset,
            token=token,
            service_error=service_error,
            status=400,
        )
    if step == "entreprise":
        company = application.company
        form = CompanyStepForm(
            initial={
                "siret": company.siret,
                "company_name": company.name,
                "company_address": company.address,
                "company_postal_code": company.postal_code,
                "company_city": company.city,
            },
            scheme=scheme,
        )
    elif step == "salarie":
        form = EmployeeStepForm(initial=_employee_initial(application), scheme=scheme)
    else:
        rows = _expense_initial(application) or _expenses_from_answers(scheme, found)
        formset = _expense_formset(scheme, initial=rows)
    return _step_page(request, scheme, application, step, form=form, formset=formset, token=token, link_note=link_note)


@login_required
@require_GET
def my_applications(request: HttpRequest) -> HttpResponse:
    applications = selectors.applications_for_applicant(request.user).order_by("-created_at")
    schemes = [
        row for row in (_scheme_context(s) for s in selectors.published_schemes()) if row["receives_applications"]
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
        "missing": _missing(application) if application.status == Status.DRAFT else [],
        "steps": steps_of(application, _detail_step(application)) if application.status == Status.DRAFT else [],
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
        # A refused upload is announced at the top of the page, each error linking to its file field.
        "upload_error_items": [
            {"message": _("Pièce refusée : %(error)s") % {"error": error}, "anchor": _upload_anchor(key)}
            for key, errors in upload_errors.items()
            for error in errors
        ]
        if services.uploads_allowed(application, evaluation)
        else [{"message": error, "anchor": "pieces"} for errors in upload_errors.values() for error in errors],
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


def _upload_anchor(key: str) -> str:
    """The id of the file field of an upload form (see _upload_form.html's `key`)."""
    if key == ApplicationDocument.Kind.PROOF_OF_ADDRESS:
        return "file-proof"
    return f"file-{key}" if key.isdigit() else "file-other"


def _missing(application: AidApplication) -> list[dict[str, str]]:
    """What a draft lacks before it can be submitted, each with where to give it."""
    rows = [{"text": text, "url": _step_url(application, step)} for step, text in services.missing_answers(application)]
    rows += [{"text": str(text), "url": "#pieces"} for text in services.missing_pieces(application)]
    return rows


def _detail_step(application: AidApplication) -> str:
    return "pieces" if services.missing_pieces(application) else "deposer"


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
def application_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """A draft is deleted (a submitted application is withdrawn instead, and stays on record)."""
    application = selectors.application_for_applicant(request.user, pk)
    try:
        services.application_delete_draft(user=request.user, application=application)
    except services.ServiceError as error:
        messages.error(request, error.message)
        return redirect(application)
    messages.success(request, _("Brouillon supprimé, avec ses pièces."))
    return redirect("aids:my_applications")


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
            "authority": settings.AIDS_DECISION_AUTHORITY,
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
