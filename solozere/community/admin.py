from django.contrib import admin

from solozere.community.models import Consent, Membership, MembershipEvent, Report, Tag


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["pk", "first_name", "last_name", "state", "valid_until", "listed_in_directory", "hidden_by_staff"]
    list_filter = ["state", "status", "sector", "listed_in_directory", "hidden_by_staff"]
    search_fields = ["first_name", "last_name", "user__email"]
    raw_id_fields = ["user", "commune"]
    # The workflow goes through the review pages (/equipe/communaute/), which log and e-mail.
    readonly_fields = ["state", "valid_until", "decided_at", "submitted_at", "renewal_reminder_sent_for"]


@admin.register(MembershipEvent)
class MembershipEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "membership", "action", "from_state", "to_state", "actor", "anonymised"]
    list_filter = ["action", "anonymised"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "kind", "granted", "version"]
    list_filter = ["kind", "granted", "version"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "target", "reason", "state", "handled_at"]
    list_filter = ["state", "target", "reason"]


admin.site.register(Tag)
