"""A visitor proposes a correction to a place page (/lieux/<slug>/signaler/)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from solozere.core import ratelimit
from solozere.places.corrections import CorrectionError, place_correction_submit, sender_key
from solozere.places.forms_corrections import CorrectionForm
from solozere.places.models import Place


@never_cache
@require_http_methods(["GET", "POST"])
def correction(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        place = Place.objects.select_related("commune").get(slug=slug)
    except Place.DoesNotExist:
        raise Http404 from None
    form = CorrectionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_robot:
            # Said the same as a success, so that a robot learns nothing; nothing is kept.
            messages.success(request, _("Merci : votre proposition est transmise à l'équipe du réseau."))
            return redirect(place.get_absolute_url())
        status = 400
        if form.is_valid() and not ratelimit.consume(request, action="place_correction"):
            # What the person typed comes back with the refusal.
            form.add_error(None, ratelimit.limited_message())
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            try:
                place_correction_submit(
                    place=place,
                    field=data["field"],
                    proposed_value=data["proposed_value"],
                    reason=data["reason"],
                    email=data["email"],
                    user=request.user,
                    key=sender_key(ratelimit.client_ip(request)),
                )
            except CorrectionError as error:
                form.add_error(None, str(error))
                status = 429
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("Merci : votre proposition est transmise à l'équipe du réseau."))
                return redirect(place.get_absolute_url())
    return render(request, "places/correction_form.html", {"place": place, "form": form}, status=status)
