"""Staff create and edit schemes here (/gestion/). Applications are instructed on the staff screens
(/equipe/aides/), which go through the workflow: the admin only shows them."""

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from solozere.aids.eligibility import InputError, check_siret, euros
from solozere.aids.models import (
    AidApplication,
    AidScheme,
    ApplicationTransition,
    ClaimTransition,
    Company,
    ExpenseCategory,
    RepresentationClaim,
)
from solozere.aids.selectors import envelope_of
from solozere.core.admin import TransitionLogInline
from solozere.core.audit import log_change
from solozere.core.models import AuditLogEntry


class ExpenseCategoryInline(admin.TabularInline):
    model = ExpenseCategory
    extra = 1
    fields = ["position", "code", "label", "beneficiary", "amount_basis", "examples"]


class AidSchemeForm(forms.ModelForm):
    source_url = forms.URLField(label=_("page de référence"), required=False, assume_scheme="https")

    class Meta:
        model = AidScheme
        fields = [
            "title",
            "slug",
            "status",
            "promise",
            "description",
            "source_url",
            "legal_basis",
            "funder_name",
            "instructor_name",
            "attributor_name",
            "attributor_siret",
            "zone",
            "ceiling",
            "conditions",
            "opening_date",
            "closing_date",
            "dates_to_confirm",
            "budget_envelope",
            "envelope_to_confirm",
            "rules_text",
            "rules_document",
            "data_note",
        ]

    def clean_attributor_siret(self) -> str:
        value = self.cleaned_data.get("attributor_siret", "")
        if not value:
            return ""
        try:
            return check_siret(value)
        except InputError as error:
            raise forms.ValidationError(str(error)) from None

    def clean_budget_envelope(self) -> Any:
        value = self.cleaned_data.get("budget_envelope")
        if value is not None and self.instance.pk:
            committed = envelope_of(self.instance).committed
            if value < committed:
                raise forms.ValidationError(
                    _("L'enveloppe ne peut pas être inférieure au montant déjà engagé (%(amount)s).")
                    % {"amount": euros(committed)}
                )
        return value


@admin.register(AidScheme)
class AidSchemeAdmin(admin.ModelAdmin):
    form = AidSchemeForm
    inlines = [ExpenseCategoryInline]
    list_display = [
        "title",
        "status",
        "ceiling",
        "budget_envelope",
        "envelope_to_confirm",
        "opening_date",
        "closing_date",
    ]
    list_filter = ["status"]
    search_fields = ["title", "legal_basis"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["uuid", "envelope_summary"]
    fieldsets = (
        (None, {"fields": ("title", "slug", "uuid", "status", "promise", "description", "source_url")}),
        (
            _("Base juridique et financement"),
            {"fields": ("legal_basis", "funder_name", "instructor_name", "attributor_name", "attributor_siret")},
        ),
        (_("Conditions"), {"fields": ("zone", "ceiling", "conditions")}),
        (_("Dates"), {"fields": ("opening_date", "closing_date", "dates_to_confirm")}),
        (_("Enveloppe budgétaire"), {"fields": ("budget_envelope", "envelope_to_confirm", "envelope_summary")}),
        (_("Règlement et points à confirmer"), {"fields": ("rules_text", "rules_document", "data_note")}),
    )

    @admin.display(description=_("Situation de l'enveloppe"))
    def envelope_summary(self, obj: AidScheme) -> str:
        if not obj.pk:
            return "—"
        envelope = envelope_of(obj)
        remaining = euros(envelope.remaining) if envelope.remaining is not None else _("enveloppe non fixée")
        return _("engagé : %(committed)s ; versé : %(paid)s ; reste : %(remaining)s") % {
            "committed": euros(envelope.committed),
            "paid": euros(envelope.paid),
            "remaining": remaining,
        }

    def save_model(self, request: HttpRequest, obj: AidScheme, form: forms.ModelForm, change: bool) -> None:
        super().save_model(request, obj, form, change)
        log_change(
            actor=request.user,
            obj=obj,
            action=AuditLogEntry.Action.UPDATE if change else AuditLogEntry.Action.CREATE,
            changes={name: [None, str(form.cleaned_data.get(name))] for name in form.changed_data},
            message="admin",
        )


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    """Representatives are read only here: one becomes a representative on a proof reviewed by the staff
    (/equipe/aides/representations/), whose decision is logged, not by an edit in the admin."""

    list_display = ["name", "siret", "postal_code", "city"]
    search_fields = ["name", "siret"]
    readonly_fields = ["representatives"]


class ClaimTransitionInline(TransitionLogInline):
    model = ClaimTransition


@admin.register(RepresentationClaim)
class RepresentationClaimAdmin(admin.ModelAdmin):
    """Read only: claims are decided on the staff screens, through their workflow."""

    list_display = ["company", "claimant", "status", "proof", "contest", "created_at"]
    list_filter = ["status", "proof", "contest"]
    search_fields = ["company__name", "company__siret", "claimant__email"]
    exclude = ["file"]
    inlines = [ClaimTransitionInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class TransitionInline(TransitionLogInline):
    model = ApplicationTransition


@admin.register(AidApplication)
class AidApplicationAdmin(admin.ModelAdmin):
    """Read only: decisions go through the instruction screens and their workflow."""

    list_display = ["__str__", "scheme", "status", "employee_last_name", "granted_amount", "submitted_at"]
    list_filter = ["status", "scheme"]
    search_fields = ["company__name", "company__siret", "beneficiary_name", "beneficiary_siret", "employee_last_name"]
    inlines = [TransitionInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
