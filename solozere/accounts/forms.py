"""Forms of the account pages."""

from typing import Any

from allauth.account import forms as allauth_forms
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class AccountDeleteForm(forms.Form):
    CONFIRMATION = "SUPPRIMER"

    password = forms.CharField(
        label=_("Votre mot de passe, pour confirmer"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        required=False,
    )
    confirmation = forms.CharField(
        label=_("Tapez SUPPRIMER pour confirmer"),
        max_length=20,
        required=False,
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if user.has_usable_password():
            del self.fields["confirmation"]
            self.fields["password"].required = True
        else:
            del self.fields["password"]
            self.fields["confirmation"].required = True

    def clean_password(self) -> str:
        password = self.cleaned_data.get("password", "")
        if not self.user.check_password(password):
            raise ValidationError(_("Ce mot de passe n'est pas le bon."))
        return password

    def clean_confirmation(self) -> str:
        value = (self.cleaned_data.get("confirmation") or "").strip()
        if value != self.CONFIRMATION:
            raise ValidationError(_("Tapez SUPPRIMER en majuscules pour confirmer."))
        return value


class FeedResetForm(forms.Form):
    """The hidden fields of the « Votre agenda privé » component; a person never types them."""

    purpose = forms.CharField(max_length=100)
    next = forms.CharField(max_length=2000, required=False)


class ApiTokenForm(forms.Form):
    label = forms.CharField(
        label=_("Nom du jeton"),
        max_length=100,
        help_text=_("Pour le reconnaître dans la liste : le programme ou l'appareil qui l'utilisera."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["label"].error_messages.update(
            {
                "required": _("Donnez un nom au jeton, par exemple le nom du programme qui l'utilisera."),
                "max_length": _("Le nom tient en 100 caractères au plus."),
            }
        )


EMAIL_LABEL = _("Adresse e-mail")


class _EmailLabelMixin:
    """allauth's e-mail fields are labelled with Django's "Email", which Django's French calls "Courriel" while the
    placeholder says "Adresse e-mail": one word on every account page, the placeholder's."""

    email_field_name = "email"
    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.email_field_name in self.fields:
            self.fields[self.email_field_name].label = EMAIL_LABEL


class LoginForm(_EmailLabelMixin, allauth_forms.LoginForm):
    email_field_name = "login"


class SignupForm(_EmailLabelMixin, allauth_forms.SignupForm):
    pass


class AddEmailForm(_EmailLabelMixin, allauth_forms.AddEmailForm):
    pass


class ResetPasswordForm(_EmailLabelMixin, allauth_forms.ResetPasswordForm):
    pass
