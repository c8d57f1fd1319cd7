from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from solozere.accounts import personal_data as personal_data_module
from solozere.accounts.forms import AccountDeleteForm
from solozere.accounts.roles import held_roles


@require_GET
@login_required
def profile(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/profile.html", {"held_roles": held_roles(request.user)})


@never_cache
@login_required
@require_GET
def personal_data(request: HttpRequest) -> HttpResponse:
    """What each app holds of the person and why, whatever roles they hold (or none)."""
    return render(
        request,
        "accounts/personal_data.html",
        {
            "sources": personal_data_module.sources(),
            "blockers": personal_data_module.deletion_blockers(user=request.user),
        },
    )


@never_cache
@login_required
@require_GET
def personal_data_export(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        personal_data_module.personal_data_json(user=request.user), content_type="application/json; charset=utf-8"
    )
    filename = f"solozere-mes-donnees-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request: HttpRequest) -> HttpResponse:
    form = AccountDeleteForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            personal_data_module.account_delete(user=request.user)
        except personal_data_module.AccountDeletionRefused as error:
            form.add_error(None, str(error))
        else:
            logout(request)
            messages.success(request, _("Votre compte et vos données sont supprimés. Au revoir !"))
            return redirect("pages:home")
    return render(
        request,
        "accounts/account_delete.html",
        {"form": form, "blockers": personal_data_module.deletion_blockers(user=request.user)},
    )
