"""Presence (« j'y suis »), the printable QR code of a place, and the avoided commute (a member's and the
network's)."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from solozere.accounts.decorators import forbidden
from solozere.bookings import commute
from solozere.bookings.forms_presence import CheckInForm, CommuteProfileForm
from solozere.bookings.qr import qr_svg
from solozere.bookings.selectors_presence import (
    commute_profile_of,
    home_commune_of,
    is_in_service,
    member_totals,
    my_check_ins,
    network_impact,
    today_presence,
)
from solozere.bookings.services_presence import PresenceError, check_in_record, check_in_undo, commute_profile_save
from solozere.community.selectors import is_active_member
from solozere.core.page_cache import cache_anonymous_page
from solozere.places.models import Place
from solozere.places.selectors import commune_query_label, managed_place

View = Callable[..., HttpResponse]


def active_member_required(view: View) -> View:
    """Presence is for members whose membership is valid: not the staff as such, who are not at the places."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_active_member(request.user):
            return forbidden(
                request,
                _(
                    "Signaler sa présence dans un lieu est réservé aux membres du réseau dont l'adhésion est validée "
                    "et n'a pas expiré."
                ),
            )
        return view(request, *args, **kwargs)

    return wrapper


def _place(slug: str) -> Place:
    place = Place.objects.select_related("commune__parent").filter(slug=slug).first()
    if place is None:
        raise Http404
    return place


def _sources() -> dict[str, Any]:
    return {
        "detour_factor": commute.DETOUR_FACTOR,
        "detour_source": commute.DETOUR_SOURCE,
        "emission_factor": commute.CAR_KGCO2E_PER_KM,
        "fuel_factor": commute.CAR_FUEL_KGCO2E_PER_KM,
        "construction_factor": commute.CAR_CONSTRUCTION_KGCO2E_PER_KM,
        "emission_source": commute.EMISSION_SOURCE,
    }


@require_http_methods(["GET", "POST"])
@active_member_required
def check_in(request: HttpRequest, slug: str) -> HttpResponse:
    """The page a place's QR code opens, and where the place page's button posts. A GET never checks in: the
    member confirms with one tap."""
    place = _place(slug)
    if request.method == "POST":
        form = CheckInForm(request.POST)
        if form.is_valid():
            try:
                _check_in, created = check_in_record(
                    user=request.user, place=place, visible_to_members=form.cleaned_data["visible_to_members"]
                )
            except PresenceError as error:
                messages.error(request, str(error))
                return redirect("bookings:presence_check_in", slug=place.slug)
            if created:
                messages.success(request, _("C'est noté : vous êtes ici aujourd'hui, à %(place)s.") % {"place": place})
            else:
                messages.success(request, _("Votre présence d'aujourd'hui est mise à jour."))
            return redirect(place.get_absolute_url() + "#presence")
    presence = today_presence(viewer=request.user, place=place)
    assert presence is not None  # noqa: S101 - an active member, checked by the decorator
    initial = presence.own.visible_to_members if presence.own else presence.share_by_default
    form = CheckInForm(initial={"visible_to_members": initial})
    context = {"place": place, "presence": presence, "form": form, "in_service": is_in_service(place)}
    return render(request, "bookings/presence/check_in.html", context)


@require_POST
@active_member_required
def check_in_withdraw(request: HttpRequest, slug: str) -> HttpResponse:
    place = _place(slug)
    if check_in_undo(user=request.user, place=place):
        messages.success(request, _("Votre présence d'aujourd'hui est retirée."))
    else:
        messages.info(request, _("Vous n'aviez pas signalé votre présence dans ce lieu aujourd'hui."))
    return redirect(place.get_absolute_url() + "#presence")


@require_GET
@login_required
def poster(request: HttpRequest, slug: str) -> HttpResponse:
    """The sheet a place prints and pins up: its QR code opens the check-in page. Its managers and the staff only;
    anyone else gets a 404."""
    try:
        place = managed_place(request.user, slug)
    except Place.DoesNotExist:
        raise Http404 from None
    url = request.build_absolute_uri(reverse("bookings:presence_check_in", kwargs={"slug": place.slug}))
    return render(request, "bookings/presence/poster.html", {"place": place, "url": url, "qr": qr_svg(url)})


@require_http_methods(["GET", "POST"])
@login_required
def my_impact(request: HttpRequest) -> HttpResponse:
    """A member's check-ins, the commute they saved, and where their employer's site is."""
    profile = commute_profile_of(request.user)
    if request.method == "POST":
        form = CommuteProfileForm(request.POST)
        if form.is_valid():
            commute_profile_save(
                user=request.user,
                employer_commune=form.commune_match,
                share_presence=form.cleaned_data["share_presence"],
            )
            messages.success(request, _("C'est enregistré. Cela compte à partir de votre prochaine présence."))
            return redirect("bookings:presence_my_impact")
    else:
        initial: dict[str, Any] = {"share_presence": bool(profile and profile.share_presence)}
        if profile and profile.employer_commune:
            initial["employer_commune"] = commune_query_label(profile.employer_commune)
        form = CommuteProfileForm(initial=initial)
    context = {
        "form": form,
        "profile": profile,
        "home": home_commune_of(request.user),
        "is_member": is_active_member(request.user),
        "totals": member_totals(request.user),
        "check_ins": my_check_ins(request.user),
        "today": timezone.localdate(),
        **_sources(),
    }
    return render(request, "bookings/presence/my_impact.html", context)


@require_GET
@cache_anonymous_page("bookings", "places")  # place names show there too
def impact(request: HttpRequest) -> HttpResponse:
    """The network's avoided commute, in total and per place: public."""
    return render(request, "bookings/presence/impact.html", {"impact": network_impact(), **_sources()})
