"""The audit log in the back office: read-only, for the network staff. Plus admin helpers every app uses."""

import json
from collections.abc import Callable
from typing import Any

from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponseRedirect, QueryDict
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from solozere.core.models import AuditLogEntry


def _staff(request: HttpRequest) -> bool:
    # The "équipe du réseau" role is is_staff (see solozere.accounts.roles); core cannot import accounts.
    user = request.user
    return bool(user.is_active and user.is_staff)


def _valid_keys(db_field: Any, values: Any) -> list[str]:
    """The submitted values that can be looked up at all: Django's autocomplete widgets query whatever was posted
    when they re-display a form with errors, and "abc" or 10**30 for an integer key is then a 500."""
    remote = db_field.remote_field
    target = remote.model._meta.get_field(getattr(remote, "field_name", None) or remote.model._meta.pk.name)
    low: int | None
    high: int | None
    try:
        low, high = connection.ops.integer_field_range(target.get_internal_type())
    except KeyError:  # not an integer key
        low = high = None
    valid = []
    for value in values:
        try:
            python_value = target.to_python(value)
        except (ValidationError, TypeError, ValueError):
            continue
        if isinstance(python_value, int) and (
            (low is not None and python_value < low) or (high is not None and python_value > high)
        ):
            continue
        if isinstance(python_value, str) and "\x00" in python_value:
            continue
        valid.append(value)
    return valid


class SafeAutocompleteSelect(AutocompleteSelect):
    def optgroups(self, name: str, value: Any, attr: Any = None) -> Any:
        return super().optgroups(name, _valid_keys(self.field, value), attr)


class SafeAutocompleteSelectMultiple(AutocompleteSelectMultiple):
    def optgroups(self, name: str, value: Any, attr: Any = None) -> Any:
        return super().optgroups(name, _valid_keys(self.field, value), attr)


class NulSafeSearchMixin:
    """Admin screens that never 500 on forged input: PostgreSQL refuses NUL characters in text parameters
    (dropped from searches), and autocomplete widgets re-display only values that can be looked up."""

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        return super().get_search_results(request, queryset, search_term.replace("\x00", ""))  # type: ignore[misc]

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        # List filters put query parameters straight into the query: same NUL trap as the search box.
        if any("\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(key.replace("\x00", ""), [value.replace("\x00", "") for value in values])
            return HttpResponseRedirect(f"{request.path}?{cleaned.urlencode()}")
        return super().changelist_view(request, extra_context)  # type: ignore[misc]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):  # type: ignore[attr-defined]
            kwargs["widget"] = SafeAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))  # type: ignore[attr-defined]
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):  # type: ignore[attr-defined]
            kwargs["widget"] = SafeAutocompleteSelectMultiple(db_field, self.admin_site, using=kwargs.get("using"))  # type: ignore[attr-defined]
        return super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]


def render_changes(
    changes: dict[str, Any],
    *,
    labels: dict[str, Any] | None = None,
    display: Callable[[str, Any], Any] | None = None,
) -> str:
    """An audit diff as an accessible table: field, before, after. Rows where both sides are empty are left out
    (a creation lists every field). `labels` names the fields, `display` turns stored values into words."""
    labels = labels or {}
    rows = []
    for field, value in changes.items():
        if isinstance(value, list | tuple) and len(value) == 2:
            before, after = value
        else:
            before, after = None, value
        if display is not None:
            before, after = display(field, before), display(field, after)
        before_text, after_text = _display(before), _display(after)
        if before_text == after_text == EMPTY:
            continue
        rows.append((labels.get(field, field), before_text, after_text))
    if not rows:
        return EMPTY
    return format_html(
        '<table class="audit-diff"><thead><tr><th scope="col">{}</th><th scope="col">{}</th>'
        '<th scope="col">{}</th></tr></thead><tbody>{}</tbody></table>',
        _("champ"),
        _("avant"),
        _("après"),
        format_html_join("", '<tr><th scope="row">{}</th><td>{}</td><td>{}</td></tr>', rows),
    )


EMPTY = "—"


def _display(value: Any) -> str:
    if value is None or value == "" or value == []:
        return EMPTY
    if value is True:
        return str(_("oui"))
    if value is False:
        return str(_("non"))
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


AUDIT_FIELDS = ["created_at", "actor", "action", "content_type", "object_id", "object_repr", "changes_table", "message"]


@admin.register(AuditLogEntry)
class AuditLogEntryAdmin(NulSafeSearchMixin, admin.ModelAdmin):
    """Nobody edits the journal, not even a superuser: it is the record of who did what."""

    list_display = ["created_at", "actor", "action", "content_type", "object_repr", "message"]
    list_filter = ["action", ("content_type", admin.RelatedOnlyFieldListFilter), "created_at"]
    search_fields = ["object_repr", "actor__email", "message"]
    list_select_related = ["actor", "content_type"]
    date_hierarchy = "created_at"
    fields = tuple(AUDIT_FIELDS)
    readonly_fields = AUDIT_FIELDS

    @admin.display(description=_("changements"))
    def changes_table(self, obj: AuditLogEntry) -> str:
        return render_changes(obj.changes)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _staff(request)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return _staff(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class TransitionLogInline(admin.TabularInline):
    """A workflow's log (core.models.TransitionLog) under its row, read only: set `model` to the log's model."""

    extra = 0
    can_delete = False
    fields = ["created_at", "from_state", "to_state", "actor", "reason"]
    readonly_fields = ("created_at", "from_state", "to_state", "actor", "reason")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
