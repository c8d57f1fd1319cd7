"""Staff screens of the resource centre, under /equipe/ressources/ (one staff area, ADR 0008): the review queue,
one resource with its history, and the decisions (publish, refuse, withdraw)."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from solozere.accounts.decorators import staff_required
from solozere.resources import selectors, services
from solozere.resources.forms import ReasonForm
from solozere.resources.models import LibraryItem
from solozere.resources.workflow import WORKFLOW, Role, Status

QUEUE_PAGE_SIZE = 50


@never_cache
@staff_required
@require_GET
def staff_queue(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("etat", Status.PROPOSED)
    if status not in Status.values:
        status = Status.PROPOSED
    page = Paginator(selectors.review_queue(status), QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    counts = selectors.status_counts()
    return render(
        request,
        "resources/staff_queue.html",
        {
            "page_obj": page,
            "items": list(page.object_list),
            "status": status,
            "tabs": [(value, label, counts[value]) for value, label in Status.choices],
        },
    )


def _item_or_404(pk: int) -> LibraryItem:
    try:
        return selectors.item_for_staff(pk)
    except LibraryItem.DoesNotExist:
        raise Http404 from None


def _review_page(
    request: HttpRequest, item: LibraryItem, *, reject_form: Any = None, unpublish_form: Any = None, status: int = 200
) -> HttpResponse:
    actions = {t.action for t in WORKFLOW.available(item.status, Role.STAFF)}
    return render(
        request,
        "resources/staff_review.html",
        {
            "item": item,
            "topics": list(item.topics.all()),
            "audiences": list(item.audiences.all()),
            "history": selectors.history(item),
            "may_publish": "publish" in actions,
            "reject_form": (reject_form or ReasonForm(prefix="refuser")) if "reject" in actions else None,
            "unpublish_form": (unpublish_form or ReasonForm(prefix="retirer")) if "unpublish" in actions else None,
        },
        status=status,
    )


@never_cache
@staff_required
@require_GET
def staff_review(request: HttpRequest, pk: int) -> HttpResponse:
    return _review_page(request, _item_or_404(pk))


@staff_required
@require_POST
def staff_publish(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item_or_404(pk)
    try:
        services.item_publish(actor=request.user, item=item)
    except services.ServiceError as error:
        messages.error(request, error.message)
        return redirect("resources:staff_review", pk=item.pk)
    messages.success(request, _("Ressource publiée : la personne qui l'a proposée est prévenue."))
    return redirect("resources:staff_queue")


def _decide_with_reason(
    request: HttpRequest, pk: int, *, prefix: str, decide: Callable[..., LibraryItem], done: str
) -> HttpResponse:
    item = _item_or_404(pk)
    form = ReasonForm(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            decide(actor=request.user, item=item, reason=form.cleaned_data["reason"])
        except services.ServiceError as error:
            form.add_error("reason" if error.field == "reason" else None, error.message)
        else:
            messages.success(request, done)
            return redirect("resources:staff_queue")
    forms = {"reject_form": form} if prefix == "refuser" else {"unpublish_form": form}
    return _review_page(request, item, status=400, **forms)


@staff_required
@require_POST
def staff_reject(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide_with_reason(
        request,
        pk,
        prefix="refuser",
        decide=services.item_reject,
        done=_("Ressource refusée : le motif est envoyé à la personne qui l'a proposée."),
    )


@staff_required
@require_POST
def staff_unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide_with_reason(
        request,
        pk,
        prefix="retirer",
        decide=services.item_unpublish,
        done=_("Ressource retirée du centre de ressources : la personne qui l'a proposée est prévenue."),
    )
