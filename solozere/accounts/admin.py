from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from solozere.accounts.admin_mixins import NetworkStaffReadOnlyMixin
from solozere.accounts.models import User


@admin.register(User)
class UserAdmin(NetworkStaffReadOnlyMixin, BaseUserAdmin):
    """Staff see people (to name a place's managers); only superusers change accounts and rights."""

    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active", "is_demo", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active", "is_demo"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Identité"), {"fields": ("first_name", "last_name")}),
        (_("Rôles et droits"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
