"""The staff's dashboard (/equipe/): every queue with its count, each count a link to its queue."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from solozere.accounts.decorators import staff_required
from solozere.backoffice.selectors import staff_queues


@never_cache
@staff_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "backoffice/dashboard.html", {"groups": staff_queues()})
