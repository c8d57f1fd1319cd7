"""Back-office access follows the roles: the network staff (is_staff) reach the screens of their domain
without per-model permissions to hand out; deleting stays with superusers (or an explicit permission).

Used by every app's ModelAdmin (places, territory...), so that "who may do what in /gestion/" is read here.
"""

from typing import Any

from django.db.models import Model
from django.http import HttpRequest

from solozere.accounts.roles import is_network_staff
from solozere.core.admin import NulSafeSearchMixin


class NetworkStaffAccessMixin(NulSafeSearchMixin):
    network_staff_can_add = True
    network_staff_can_change = True
    network_staff_can_delete = False

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_network_staff(request.user) or super().has_module_permission(request)  # type: ignore[misc]

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return is_network_staff(request.user) or super().has_view_permission(request, obj)  # type: ignore[misc]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        # Inlines receive the parent object as a second argument, model admins do not.
        if self.network_staff_can_add and is_network_staff(request.user):
            return True
        return super().has_add_permission(request, *args)  # type: ignore[misc]

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        if self.network_staff_can_change and is_network_staff(request.user):
            return True
        return super().has_change_permission(request, obj)  # type: ignore[misc]

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        if self.network_staff_can_delete and is_network_staff(request.user):
            return True
        return super().has_delete_permission(request, obj)  # type: ignore[misc]


class NetworkStaffReadOnlyMixin(NetworkStaffAccessMixin):
    """Reference data (communes, zones) comes from import commands: staff read it, superusers fix it."""

    network_staff_can_add = False
    network_staff_can_change = False
