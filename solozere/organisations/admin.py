from django.contrib import admin

from solozere.organisations.models import Organisation, OrganisationAgent


class AgentInline(admin.TabularInline):
    model = OrganisationAgent
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "status", "closed_in", "is_reference"]
    list_filter = ["status", "is_reference"]
    search_fields = ["name", "short_name", "name_in_2012"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [AgentInline]
