"""The charter in the admin. Versions are created (numbered, criteria copied) and published from the staff's
charter screens, through solozere.charter.services; here the staff edit a draft's text and criteria. A published
version is frozen: memberships point to it, its text is what managers accepted."""

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from solozere.accounts.admin_mixins import NetworkStaffAccessMixin
from solozere.accounts.roles import is_network_staff
from solozere.charter.models import Charter, CharterCriterion, CharterVersion
from solozere.core.audit import diff_fields, log_change
from solozere.core.models import AuditLogEntry


class CharterCriterionInline(NetworkStaffAccessMixin, admin.TabularInline):
    model = CharterCriterion
    extra = 0
    fields = ["kind", "position", "code", "label", "evidence_kind", "guidance"]
    network_staff_can_delete = True

    def _draft(self, obj: CharterVersion | None) -> bool:
        return obj is not None and not obj.is_published

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._draft(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._draft(obj) and super().has_delete_permission(request, obj)


@admin.register(Charter)
class CharterAdmin(NetworkStaffAccessMixin, admin.ModelAdmin):
    list_display = ["title", "slug", "created_at"]
    readonly_fields = ["created_at"]
    network_staff_can_add = False  # the charter comes from `manage.py load_charter`


@admin.register(CharterVersion)
class CharterVersionAdmin(NetworkStaffAccessMixin, admin.ModelAdmin):
    list_display = ["__str__", "published_at", "min_download_mbps"]
    list_filter = ["charter"]
    fields = ["charter", "number", "text", "changes", "min_download_mbps", "published_at", "published_by"]
    readonly_fields = ["charter", "number", "published_at", "published_by"]
    inlines = [CharterCriterionInline]
    network_staff_can_add = False  # numbered and filled from the previous version by charter_version_create_draft

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        if isinstance(obj, CharterVersion) and obj.is_published:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        # A draft may be dropped; a published version never (memberships point to it).
        if isinstance(obj, CharterVersion) and obj.is_published:
            return False
        return is_network_staff(request.user) or super().has_delete_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: CharterVersion, form: ModelForm, change: bool) -> None:
        before = {name: form.initial.get(name) for name in form.changed_data}
        super().save_model(request, obj, form, change)
        if form.changed_data:
            log_change(
                actor=request.user,
                obj=obj,
                action=AuditLogEntry.Action.UPDATE,
                changes=diff_fields(before, {name: form.cleaned_data.get(name) for name in form.changed_data}),
            )

    def save_formset(self, request: HttpRequest, form: ModelForm, formset: BaseInlineFormSet, change: bool) -> None:
        super().save_formset(request, form, formset, change)
        touched = len(formset.new_objects) + len(formset.changed_objects) + len(formset.deleted_objects)
        if touched:
            log_change(
                actor=request.user,
                obj=form.instance,
                action=AuditLogEntry.Action.UPDATE,
                changes={"criteria": [None, touched]},
                message=str(_("Critères du brouillon modifiés")),
            )
