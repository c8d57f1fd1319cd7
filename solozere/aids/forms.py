"""Forms of the aids app: they read and check what was typed, with the sentences of `eligibility.py`,
and hand clean values to the services. Nothing typed is lost: a form with errors is shown again filled."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.forms.boundfield import BoundField
from django.utils.translation import gettext_lazy as _

from solozere.aids.eligibility import InputError, check_departement, check_siret, check_vat, parse_amount
from solozere.aids.models import AidScheme, ApplicationDocument, ExpenseCategory
from solozere.aids.selectors import ResidenceAnswer, resolve_residence
from solozere.territory.selectors import CodeKind


class AccessibleBoundField(BoundField):
    """The input points at its hint and at its errors, so that a screen reader reads both."""

    def build_widget_attrs(self, attrs: dict[str, Any], widget: Any = None) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        if self.use_fieldset or not self.auto_id:
            return attrs
        ids = []
        if self.help_text:
            ids.append(f"{self.auto_id}_helptext")
        if self.form.is_bound and self.errors:
            ids.append(f"{self.auto_id}_error")
        if ids:
            attrs["aria-describedby"] = " ".join(ids)
        return attrs


class AidsForm(forms.Form):
    bound_field_class = AccessibleBoundField


NEW_SETUP_CHOICES = [
    ("yes", _("Oui, c'est nouveau")),
    ("no", _("Non, il télétravaille déjà")),
    ("unknown", _("Je ne sais pas encore")),
]


def new_setup_value(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


def new_setup_code(value: bool | None) -> str:
    if value is None:
        return "unknown"
    return "yes" if value else "no"


def amount_field_name(category: ExpenseCategory) -> str:
    return f"amount_{category.code}"


class ResidenceMixin:
    """Resolves the commune typed into a row of the territory and its place in the scheme's zone."""

    residence: ResidenceAnswer | None = None
    scheme: AidScheme
    data: Any  # the bound form's data (BaseForm), replaced by a copy once a commune is picked

    def _clean_residence(self, cleaned: dict[str, Any], field: str = "commune") -> None:
        query = cleaned.get(field) or ""
        if not query and not cleaned.get("commune_choice"):
            return
        self.residence = resolve_residence(
            query, self.scheme.zone, codes=CodeKind.ANY, choice=cleaned.get("commune_choice", "")
        )
        if not self.residence.decided:
            self.add_error(field, self.residence.message)  # type: ignore[attr-defined]
        elif cleaned.get("commune_choice") and self.residence.row is not None:
            # Picked among the communes of a postal code: the field now shows the commune, not the code.
            label = self.residence.label
            data = self.data.copy()
            data[self.add_prefix(field)] = label  # type: ignore[attr-defined]
            self.data = data
            cleaned[field] = label


class SimulatorForm(ResidenceMixin, AidsForm):
    commune = forms.CharField(
        label=_("Commune où habite le salarié"),
        help_text=_("Nom de la commune ou de l'ancienne commune (par exemple Javols), ou code INSEE."),
        max_length=120,
        widget=forms.TextInput(attrs={"list": "commune-names", "autocomplete": "off", "spellcheck": "false"}),
    )
    commune_choice = forms.CharField(required=False, max_length=20)
    company_departement = forms.CharField(
        label=_("Département du siège de l'entreprise"),
        help_text=_(
            "Nom ou numéro, par exemple Lozère, 48, Rhône ou 69. Facultatif : le siège peut se trouver n'importe où."
        ),
        max_length=60,
        required=False,
    )
    new_setup = forms.ChoiceField(
        label=_("Le télétravail est-il nouveau pour ce salarié ?"),
        choices=NEW_SETUP_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, scheme: AidScheme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scheme = scheme
        self.categories = list(scheme.categories.all())
        for category in self.categories:
            basis = _("montant TTC") if category.amount_basis == "incl_tax" else _("montant HT")
            self.fields[amount_field_name(category)] = forms.CharField(
                label=category.label,
                help_text=_("%(basis)s en euros, dépense %(who)s. Laissez vide si aucune.")
                % {
                    "basis": basis,
                    "who": _("du salarié") if category.beneficiary == "employee" else _("de l'entreprise"),
                },
                required=False,
                max_length=20,
            )

    def clean_company_departement(self) -> str | None:
        try:
            return check_departement(self.cleaned_data.get("company_departement"))
        except InputError as error:
            raise forms.ValidationError(str(error)) from None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for category in self.categories:
            name = amount_field_name(category)
            raw = (cleaned.get(name) or "").strip()
            if not raw:
                cleaned[name] = None
                continue
            try:
                cleaned[name] = parse_amount(raw, label=category.label)
            except InputError as error:
                self.add_error(name, str(error))
        self._clean_residence(cleaned)
        return cleaned

    def amounts(self) -> dict[str, Decimal | None]:
        return {c.code: self.cleaned_data.get(amount_field_name(c)) for c in self.categories}

    def amount_fields(self) -> list[forms.BoundField]:
        return [self[amount_field_name(c)] for c in self.categories]


class CompanyFieldsMixin(AidsForm):
    siret = forms.CharField(
        label=_("SIRET de l'entreprise"),
        help_text=_("14 chiffres, sur un extrait Kbis ou l'avis de situation Insee. Les espaces sont acceptés."),
        max_length=20,
    )
    company_name = forms.CharField(label=_("Raison sociale"), max_length=200)
    company_address = forms.CharField(label=_("Adresse du siège"), max_length=255)
    company_postal_code = forms.RegexField(
        label=_("Code postal du siège"),
        regex=r"^\d{5}$",
        max_length=5,
        error_messages={"invalid": _("Un code postal compte 5 chiffres.")},
    )
    company_city = forms.CharField(label=_("Commune du siège"), max_length=120)

    def clean_siret(self) -> str:
        try:
            return check_siret(self.cleaned_data.get("siret", ""))
        except InputError as error:
            raise forms.ValidationError(str(error)) from None


class DraftTolerantMixin(forms.Form):
    """A step of a draft saves with answers missing: a required field left empty is no error here (its label keeps
    no "(facultatif)", since submission needs it and lists it when missing). What is typed is still checked."""

    always_required: tuple[str, ...] = ()

    def full_clean(self) -> None:
        super().full_clean()
        errors: Any = getattr(self, "_errors", None)  # BaseForm's, untyped in the stubs
        if not self.is_bound or errors is None:
            return
        for name in list(errors):
            if name not in self.fields or name in self.always_required:
                continue
            kept = [e for e in errors[name].as_data() if e.code != "required"]
            if kept:
                errors[name] = self.error_class(kept, renderer=self.renderer)
            else:
                del errors[name]
                self.cleaned_data[name] = self.fields[name].to_python("")


class CompanyStepForm(DraftTolerantMixin, CompanyFieldsMixin):
    """Step 1 of the application. Only the SIRET is needed to save the draft (it says whose draft it is);
    the rest may wait until submission, which lists what is missing."""

    always_required = ("siret",)

    def __init__(self, *args: Any, scheme: AidScheme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scheme = scheme
        self.fields["siret"].error_messages["required"] = _(
            "Indiquez le SIRET de l'entreprise : il suffit pour enregistrer le brouillon."
        )


class EmployeeStepForm(DraftTolerantMixin, ResidenceMixin, AidsForm):
    """Step 2: the teleworker and where they live. Every answer may be missing in a draft."""

    employee_first_name = forms.CharField(label=_("Prénom du salarié"), max_length=120)
    employee_last_name = forms.CharField(label=_("Nom du salarié"), max_length=120)
    employee_birth_date = forms.DateField(
        label=_("Date de naissance du salarié"),
        help_text=_("Au format JJ/MM/AAAA. Elle sert à vérifier qu'un même salarié n'est pas aidé deux fois."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"invalid": _("Indiquez une date valide, par exemple 17/05/1990.")},
    )
    employee_email = forms.EmailField(label=_("E-mail du salarié"), required=False, max_length=254)
    employee_address = forms.CharField(label=_("Adresse du salarié"), max_length=255)
    commune = forms.CharField(
        label=_("Commune de résidence du salarié"),
        help_text=_("Nom de la commune ou de l'ancienne commune (par exemple Javols), ou code INSEE."),
        max_length=120,
        widget=forms.TextInput(attrs={"list": "commune-names", "autocomplete": "off", "spellcheck": "false"}),
    )
    commune_choice = forms.CharField(required=False, max_length=20)
    new_setup = forms.ChoiceField(
        label=_("Le télétravail est-il nouveau pour ce salarié ?"),
        choices=NEW_SETUP_CHOICES,
        widget=forms.RadioSelect,
    )
    telework_start = forms.DateField(
        label=_("Début prévu du télétravail"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"invalid": _("Indiquez une date valide, par exemple 01/02/2027.")},
    )

    def __init__(self, *args: Any, scheme: AidScheme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scheme = scheme

    def clean_employee_birth_date(self) -> Any:
        value = self.cleaned_data.get("employee_birth_date")
        if value and not (dt.date(1900, 1, 1) <= value <= dt.date.today()):  # noqa: DTZ011 - a birth date
            raise forms.ValidationError(_("Cette date de naissance n'est pas plausible."))
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self._clean_residence(cleaned)
        return cleaned


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        basis = _("montant TTC retenu") if obj.amount_basis == "incl_tax" else _("montant HT retenu")
        return f"{obj.label} ({basis})"


class ExpenseLineForm(AidsForm):
    # An empty line is ignored, but a line in use needs its fields: none of them is "(facultatif)".
    no_optional_marker = True
    line_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    category = CategoryChoiceField(
        label=_("Catégorie"),
        queryset=ExpenseCategory.objects.none(),
        required=False,
        empty_label=_("— choisir —"),
        error_messages={"invalid_choice": _("Catégorie de dépense inconnue : choisissez dans la liste.")},
    )
    description = forms.CharField(label=_("Description"), max_length=255, required=False)
    amount_excl_tax = forms.CharField(label=_("Montant HT (€)"), max_length=20, required=False)
    amount_incl_tax = forms.CharField(
        label=_("Montant TTC (€)"),
        max_length=20,
        required=False,
        help_text=_("Seulement pour une dépense du salarié (montant TTC retenu)."),
    )

    def __init__(self, *args: Any, scheme: AidScheme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = scheme.categories.all()  # type: ignore[attr-defined]

    def is_blank(self) -> bool:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return not any(data.get(k) for k in ("category", "description", "amount_excl_tax", "amount_incl_tax"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.is_blank():
            return cleaned
        if not cleaned.get("category") and "category" not in self.errors:
            self.add_error("category", _("Choisissez la catégorie de la dépense."))
        if not (cleaned.get("description") or "").strip():
            self.add_error("description", _("Décrivez la dépense (par exemple : ordinateur portable)."))
        amounts = {}
        category = cleaned.get("category")
        # The amount retained is the one required: excluding tax for a company's expense ("Matériel"), including
        # tax for the employee's. The other is optional (a quote of a company may give only its HT amount).
        incl_retained = category is not None and category.amount_basis == "incl_tax"
        for name, label, required in (
            ("amount_excl_tax", str(_("Le montant HT")), True),
            ("amount_incl_tax", str(_("Le montant TTC")), incl_retained),
        ):
            raw = (cleaned.get(name) or "").strip()
            if not raw:
                if required:
                    self.add_error(name, _("%(label)s est obligatoire.") % {"label": label})
                cleaned[name] = None
                continue
            try:
                amounts[name] = parse_amount(raw, label=label)
            except InputError as error:
                self.add_error(name, str(error))
        if len(amounts) == 2:
            try:
                check_vat(amounts["amount_excl_tax"], amounts["amount_incl_tax"])
            except InputError as error:
                self.add_error("amount_incl_tax", str(error))
        cleaned.update(amounts)
        return cleaned


class BaseExpenseFormSet(forms.BaseFormSet):
    def __init__(self, *args: Any, scheme: AidScheme, **kwargs: Any) -> None:
        self.scheme = scheme
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {**super().get_form_kwargs(index), "scheme": self.scheme}

    def filled_forms(self) -> list[ExpenseLineForm]:
        return [f for f in self.forms if f.is_valid() and not f.is_blank()]  # type: ignore[attr-defined]


ExpenseFormSet = forms.formset_factory(
    ExpenseLineForm, formset=BaseExpenseFormSet, extra=1, can_delete=True, max_num=20, absolute_max=20
)


class DocumentForm(AidsForm):
    kind = forms.ChoiceField(label=_("Type de pièce"), choices=ApplicationDocument.Kind.choices)
    expense_line = forms.IntegerField(required=False, widget=forms.HiddenInput)
    file = forms.FileField(
        label=_("Fichier"),
        help_text=_("PDF, JPEG ou PNG, 5 Mo au plus."),
        error_messages={"required": _("Choisissez un fichier."), "empty": _("Le fichier est vide.")},
    )


class SubmitForm(AidsForm):
    declares_accuracy = forms.BooleanField(
        label=_("Je certifie l'exactitude des informations et des pièces fournies."), required=False
    )
    declares_rules_accepted = forms.BooleanField(
        label=_("J'ai lu le règlement de l'aide et je l'accepte."), required=False
    )
    declares_no_double_funding = forms.BooleanField(
        label=_("Ces dépenses ne sont pas financées par une autre aide publique."), required=False
    )


class MessageForm(AidsForm):
    body = forms.CharField(label=_("Votre message"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)


class AnnotationForm(AidsForm):
    body = forms.CharField(label=_("Note interne"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # On the same page as the message form, whose field is also "body".
        kwargs.setdefault("auto_id", "note_%s")
        super().__init__(*args, **kwargs)


class DocumentRequestForm(AidsForm):
    message = forms.CharField(
        label=_("Pièces attendues"),
        help_text=_("Ce texte est envoyé à l'entreprise par e-mail."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )


class AcceptForm(AidsForm):
    amount = forms.CharField(label=_("Montant accordé (€)"), max_length=20)
    motive = forms.CharField(
        label=_("Commentaire (facultatif)"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )

    def clean_amount(self) -> Decimal:
        try:
            return parse_amount(self.cleaned_data.get("amount"), label=str(_("Le montant accordé")))
        except InputError as error:
            raise forms.ValidationError(str(error)) from None


class RefuseForm(AidsForm):
    motive = forms.CharField(
        label=_("Motif du refus"),
        help_text=_("Il figure dans la lettre de décision."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class PaymentForm(AidsForm):
    paid_on = forms.DateField(
        label=_("Date du versement"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"invalid": _("Indiquez une date valide.")},
    )
    amount = forms.CharField(label=_("Montant versé (€)"), max_length=20)

    def clean_amount(self) -> Decimal:
        try:
            return parse_amount(self.cleaned_data.get("amount"), label=str(_("Le montant versé")))
        except InputError as error:
            raise forms.ValidationError(str(error)) from None


class AssignForm(AidsForm):
    assignee = forms.IntegerField(required=False)


class QueueFilterForm(AidsForm):
    status = forms.CharField(required=False, max_length=30)
    scheme = forms.CharField(required=False, max_length=12)
    assigned = forms.CharField(required=False, max_length=8)
    q = forms.CharField(required=False, max_length=100)


def decimal_text(value: Decimal | None) -> str:
    """An amount as a French form field shows it: "1 234,5" is typed as "1234,5", a whole amount without ",00"."""
    if value is None:
        return ""
    return f"{value:.2f}".replace(".", ",").removesuffix(",00")


class FundingForm(AidsForm):
    """The envelope and the funder's details of a scheme, set by the network staff."""

    budget_envelope = forms.CharField(
        label=_("Enveloppe budgétaire (€)"),
        required=False,
        max_length=20,
        help_text=_("Vide tant qu'elle n'est pas fixée : aucune aide ne peut alors être accordée. Exemple : 30 000."),
    )
    envelope_to_confirm = forms.BooleanField(label=_("Enveloppe à confirmer"), required=False)
    funder_name = forms.CharField(label=_("Financeur"), max_length=200)
    instructor_name = forms.CharField(label=_("Organisme instructeur"), max_length=200, required=False)
    attributor_name = forms.CharField(
        label=_("Organisme attribuant l'aide"),
        max_length=200,
        required=False,
        help_text=_("Nom officiel publié dans les données ouvertes des aides accordées (SCDL Subventions)."),
    )
    attributor_siret = forms.CharField(
        label=_("SIRET de l'organisme attribuant l'aide"),
        max_length=20,
        required=False,
        help_text=_("14 chiffres. Tant qu'il manque, les aides accordées ne sont pas publiées en données ouvertes."),
    )
    signatory_name = forms.CharField(
        label=_("Signataire des lettres de décision"),
        max_length=200,
        required=False,
        help_text=_("Prénom et nom de la personne qui signe, tels qu'ils figurent sur la délégation de signature."),
    )
    signatory_title = forms.CharField(
        label=_("Qualité du signataire"),
        max_length=200,
        required=False,
        help_text=_(
            "Par exemple : « Pour le président du Conseil départemental et par délégation, la directrice de "
            "l'attractivité »."
        ),
    )

    def clean_budget_envelope(self) -> Decimal | None:
        text = str(self.cleaned_data.get("budget_envelope") or "").strip()
        for space in ("\u202f", "\xa0", " ", "€"):
            text = text.replace(space, "")
        if not text:
            return None
        try:
            amount = Decimal(text.replace(",", "."))
        except ArithmeticError:
            raise forms.ValidationError(_("L'enveloppe doit être un nombre d'euros (par exemple 30 000).")) from None
        if not amount.is_finite() or amount < 0:
            raise forms.ValidationError(_("L'enveloppe doit être un nombre d'euros positif ou nul."))
        if amount >= Decimal("10") ** 10 or amount != amount.quantize(Decimal("0.01")):
            raise forms.ValidationError(_("L'enveloppe compte au plus dix chiffres avant la virgule et deux après."))
        return amount


class ClaimForm(AidsForm):
    """Ask to represent a company: a document, or the e-mail address of the account at the company's domain."""

    proof = forms.ChoiceField(
        label=_("Votre preuve"),
        widget=forms.RadioSelect,
        choices=[
            ("document", _("Un extrait Kbis de moins de trois mois, ou un mandat signé par le dirigeant")),
            ("email_domain", _("Mon adresse e-mail vérifiée est au domaine du site de l'entreprise")),
        ],
    )
    file = forms.FileField(
        label=_("Extrait Kbis ou mandat (PDF, JPEG ou PNG)"),
        required=False,  # the other proof is the e-mail domain: the form's clean() asks for one of the two
        help_text=_("Obligatoire si vous n'apportez pas la preuve par l'adresse e-mail."),
    )
    website = forms.CharField(
        label=_("Site de l'entreprise"),
        max_length=200,
        required=False,
        help_text=_("Pour une preuve par adresse e-mail : par exemple https://www.entreprise.fr."),
    )
    role_in_company = forms.CharField(label=_("Votre fonction dans l'entreprise"), max_length=120, required=False)
    contest = forms.BooleanField(
        label=_("Je conteste la représentation actuelle : la personne inscrite ne représente pas l'entreprise"),
        required=False,
    )
    message = forms.CharField(
        label=_("Message à l'équipe"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


class ClaimDecisionForm(AidsForm):
    reason = forms.CharField(
        label=_("Motif (envoyé à la personne)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )
