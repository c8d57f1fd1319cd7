"""The staff's form to name an organisation's agent: the address of an existing account."""

from django import forms
from django.utils.translation import gettext_lazy as _


class AgentAddForm(forms.Form):
    email = forms.EmailField(
        label=_("Adresse e-mail de son compte"),
        max_length=254,
        help_text=_("La personne a déjà un compte sur SoLozère, avec cette adresse confirmée."),
        error_messages={
            "required": _("Indiquez l'adresse e-mail du compte de la personne."),
            "invalid": _("Cette adresse e-mail n'est pas valide (exemple : prenom.nom@structure.fr)."),
        },
    )
