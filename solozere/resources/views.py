"""Public pages of the resource centre (/ressources/), the proposal form and the proposer's own list. Thin views:
fetch (scoped) -> form -> service -> message -> redirect/render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from solozere.accounts.decorators import forbidden
from solozere.accounts.roles import is_network_staff
from solozere.core.page_cache import cache_anonymous_page
from solozere.core.uploads import INLINE_SAFE_TYPES, private_file_response
from solozere.resources import selectors, services
from solozere.resources.forms import ProposalForm
from solozere.resources.models import LibraryItem
from solozere.resources.search import SEARCH_KEYS, search_items
from solozere.resources.uploads import max_upload_bytes
from solozere.resources.workflow import Status

PAGE_SIZE = 20


@require_GET
@cache_anonymous_page("resources")
def item_list(request: HttpRequest) -> HttpResponse:
    result = search_items(request.GET)
    page = Paginator(result.items, PAGE_SIZE).get_page(request.GET.get("page"))
    # The pagination links keep the search (never the page itself, never anything else).
    search = urlencode([(key, request.GET[key][:120]) for key in SEARCH_KEYS if request.GET.get(key)])
    return render(
        request,
        "resources/item_list.html",
        {
            "form": result.form,
            "filters": result.filters,
            "page_obj": page,
            "results": list(page.object_list),
            "search_query": search,
            "may_propose": selectors.may_propose(request.user),
        },
    )


def _item_or_404(request: HttpRequest, pk: int) -> LibraryItem:
    try:
        return selectors.item_for(request.user, pk)
    except LibraryItem.DoesNotExist:
        raise Http404 from None


@require_GET
@cache_anonymous_page("resources")
def item_detail(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    item = _item_or_404(request, pk)
    if slug != item.slug:
        return redirect(item.get_absolute_url(), permanent=True)
    is_proposer = request.user.is_authenticated and item.proposed_by_id == request.user.pk
    return render(
        request,
        "resources/item_detail.html",
        {
            "item": item,
            "breadcrumb": [
                (_("Accueil"), reverse("pages:home")),
                (_("Centre de ressources"), reverse("resources:list")),
                (item.title, None),
            ],
            "topics": list(item.topics.all()),
            "audiences": list(item.audiences.all()),
            "is_staff": is_network_staff(request.user),
            "is_proposer": is_proposer,
            "may_withdraw": is_proposer and item.status == Status.PROPOSED,
        },
    )


@require_GET
def item_file(request: HttpRequest, pk: int) -> FileResponse:
    """The document, with the type found in its bytes; PDFs and images open in the browser, nothing else does."""
    item = _item_or_404(request, pk)
    if not item.file:
        raise Http404
    return private_file_response(
        item.file, given_name=item.file_name, default="ressource", inline_types=INLINE_SAFE_TYPES
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def propose(request: HttpRequest) -> HttpResponse:
    if not selectors.may_propose(request.user):
        return forbidden(
            request,
            _(
                "Proposer une ressource est réservé aux membres du réseau, aux gestionnaires de lieux, aux structures "
                "partenaires et à l'équipe. Devenez membre pour proposer un document ou un lien."
            ),
        )
    form = ProposalForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                item = services.item_propose(actor=request.user, data=form.proposal())
            except services.ServiceError as error:
                form.add_error(error.field, error.message)
            else:
                messages.success(
                    request,
                    _("Merci : votre ressource est envoyée. L'équipe du réseau la relit avant de la publier."),
                )
                return redirect(item.get_absolute_url())
        status = 400
    return render(
        request, "resources/proposal_form.html", {"form": form, "max_upload": max_upload_bytes()}, status=status
    )


@never_cache
@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "resources/my_proposals.html",
        {"items": list(selectors.proposals_of(request.user)), "may_propose": selectors.may_propose(request.user)},
    )


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.proposals_of(request.user).filter(pk=pk).first()
    if item is None:
        raise Http404
    try:
        services.item_withdraw(actor=request.user, item=item)
    except services.ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Votre proposition est retirée : elle ne sera pas publiée."))
    return redirect("resources:mine")
