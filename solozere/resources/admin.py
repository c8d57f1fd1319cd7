"""Resources in the admin: the staff correct a typo in what is shown (title, summary, author...). Proposals come
from the site's form and decisions from the review screens (/equipe/ressources/): state, file and proposer are read
only here, so that every change of state goes through the workflow and its log."""

from typing import Any

from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest

from solozere.accounts.admin_mixins import NetworkStaffAccessMixin
from solozere.core.audit import diff_fields, log_change
from solozere.core.models import AuditLogEntry
from solozere.resources.models import ItemAudience, ItemTopic, LibraryItem, LibraryItemTransition
from solozere.resources.selectors import search_text_of

EDITABLE = [
    "title",
    "summary",
    "kind",
    "author",
    "organisation",
    "document_date",
    "licence",
    "licence_other",
    "url",
    "source_event_title",
    "source_url",
]


class ItemTopicInline(NetworkStaffAccessMixin, admin.TabularInline):
    model = ItemTopic
    extra = 0
    network_staff_can_delete = True


class ItemAudienceInline(NetworkStaffAccessMixin, admin.TabularInline):
    model = ItemAudience
    extra = 0
    network_staff_can_delete = True


class TransitionInline(NetworkStaffAccessMixin, admin.TabularInline):
    model = LibraryItemTransition
    extra = 0
    fields = ("created_at", "action", "from_state", "to_state", "actor", "reason")
    readonly_fields = fields
    network_staff_can_add = False
    network_staff_can_change = False
    can_delete = False


@admin.register(LibraryItem)
class LibraryItemAdmin(NetworkStaffAccessMixin, admin.ModelAdmin):
    list_display = ["title", "kind", "status", "document_date", "is_demo"]
    list_filter = ["status", "kind", "is_demo"]
    search_fields = ["title", "author", "organisation"]
    fields = [*EDITABLE, "status", "decision_reason", "file_name", "file_content_type", "file_size", "proposed_by"]
    readonly_fields = ["status", "decision_reason", "file_name", "file_content_type", "file_size", "proposed_by"]
    inlines = [ItemTopicInline, ItemAudienceInline, TransitionInline]
    network_staff_can_add = False  # proposed on the site (/ressources/proposer/), by the staff too

    def save_model(self, request: HttpRequest, obj: LibraryItem, form: ModelForm, change: bool) -> None:
        before: dict[str, Any] = {name: form.initial.get(name) for name in form.changed_data}
        obj.search_text = search_text_of(obj)
        super().save_model(request, obj, form, change)
        if form.changed_data:
            log_change(
                actor=request.user,
                obj=obj,
                action=AuditLogEntry.Action.UPDATE,
                changes=diff_fields(before, {name: form.cleaned_data.get(name) for name in form.changed_data}),
            )
