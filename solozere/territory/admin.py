from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from solozere.accounts.admin_mixins import NetworkStaffReadOnlyMixin
from solozere.territory.models import Commune, Zone
from solozere.territory.text import normalize_name


@admin.register(Commune)
class CommuneAdmin(NetworkStaffReadOnlyMixin, admin.ModelAdmin):
    list_display = ["name", "insee_code", "kind", "parent", "postal_codes", "population", "epci_name"]
    list_filter = ["kind", "epci_name"]
    search_fields = ["name", "search_name", "insee_code", "postal_codes"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        # "st chely", "Saint-Chély" and "SAINT CHELY" all find Saint-Chély-d'Apcher (the place form's autocomplete).
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        folded = normalize_name(search_term.replace("\x00", ""))
        if folded:
            results |= queryset.filter(search_name__contains=folded)
        return results, may_have_duplicates


@admin.register(Zone)
class ZoneAdmin(NetworkStaffReadOnlyMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "code", "slug"]
    list_filter = ["kind"]
    search_fields = ["name", "slug", "code"]
    filter_horizontal = ["communes"]
    prepopulated_fields = {"slug": ["name"]}
