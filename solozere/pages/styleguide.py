"""/styleguide/: every component of the design system on one page, for development and for the staff.

It is the design system's living reference (tokens, buttons, cards, badges, alerts, breadcrumb, steps, a form in
error, both table styles, a protected count table beside its chart). Visitors and members get a 404: it is a tool, not a page of the site."""

from typing import Any

from django import forms
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from solozere.community.stats import protect_table
from solozere.pages.statistics import chart_of

COLOUR_TOKENS = [
    "ink",
    "muted",
    "bg",
    "bg-alt",
    "brand",
    "brand-dark",
    "brand-light",
    "accent",
    "border",
    "line",
    "focus",
    "success",
    "success-bg",
    "danger",
    "danger-bg",
    "warning",
    "warning-bg",
    "info",
    "info-bg",
]
TYPE_SCALE = ["2xl", "xl", "lg", "base", "sm"]
# A split with a small group (2) and the larger one masked to protect it (components/protected_table.html).
SAMPLE_COUNTS = [("01", "01/2026", 12), ("02", "02/2026", 2), ("03", "03/2026", 7), ("04", "04/2026", 15)]
SPACING = [1, 2, 3, 4, 5, 6]


class SampleForm(forms.Form):
    """A form shown in error: what every form of the site looks like when a person gets something wrong."""

    name = forms.CharField(label=_("Nom de la structure"), max_length=100)
    email = forms.EmailField(label=_("Adresse e-mail"), help_text=_("Nous vous écrirons à cette adresse."))
    phone = forms.CharField(label=_("Téléphone"), required=False)
    comment = forms.CharField(label=_("Commentaire (facultatif)"), required=False, widget=forms.Textarea)
    kind = forms.ChoiceField(
        label=_("Type de lieu"),
        choices=[("comptoir", _("Comptoir")), ("telecentre", _("Télécentre")), ("tiers_lieu", _("Tiers-lieu"))],
        widget=forms.RadioSelect,
    )
    agree = forms.BooleanField(label=_("J'accepte la charte du réseau"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.add_error(None, _("Exemple d'erreur qui concerne tout le formulaire."))
        return cleaned


def _may_see(request: HttpRequest) -> bool:
    user = request.user
    return settings.DEBUG or bool(user.is_authenticated and user.is_active and user.is_staff)


@require_GET
def styleguide(request: HttpRequest) -> HttpResponse:
    if not _may_see(request):
        raise Http404
    sample_table = protect_table(SAMPLE_COUNTS)
    form = SampleForm(data={"name": "", "email": "pas-une-adresse", "phone": "04 66", "comment": "Texte gardé"})
    form.is_valid()
    context = {
        "form": form,
        "colour_tokens": COLOUR_TOKENS,
        "type_scale": TYPE_SCALE,
        "spacing": SPACING,
        "crumbs": [(_("Accueil"), "/"), (_("Équipe"), "#"), (_("Guide des composants"), None)],
        "steps": [
            {"label": _("Votre situation"), "url": "#etapes", "state": "done"},
            {"label": _("Votre projet"), "url": "#etapes", "state": "done"},
            {"label": _("Dépenses prévues"), "url": None, "state": "current"},
            {"label": _("Pièces justificatives"), "url": None, "state": "todo"},
            {"label": _("Envoi"), "url": None, "state": "todo"},
        ],
        "confirmed": request.GET.get("demo") == "confirmed",
        "sample_table": sample_table,
        "sample_chart": chart_of(sample_table, [label for _key, label, _count in SAMPLE_COUNTS]),
    }
    return render(request, "pages/styleguide.html", context)
