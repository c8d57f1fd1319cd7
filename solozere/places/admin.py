"""Places in the back office. Every change goes through solozere.places.services, which writes the audit log:
the place's fields (diff), its managers, its status history and its photos. Nothing here saves a model directly."""

from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import Q, QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from solozere.accounts.admin_mixins import NetworkStaffAccessMixin
from solozere.core.admin import render_changes
from solozere.core.audit import entries_for
from solozere.places.forms_admin import PlaceAdminForm, PlacePhotoInlineForm, PlaceStatusChangeInlineForm
from solozere.places.models import SERVICE_FLAGS, Place, PlacePhoto, PlaceStatusChange
from solozere.places.services import (
    place_create,
    place_delete,
    place_photo_add,
    place_photo_remove,
    place_photo_update,
    place_set_managers,
    place_status_history_add,
    place_update,
)
from solozere.territory.models import Commune

AUDIT_LOG_ROWS = 50


class EpciFilter(admin.SimpleListFilter):
    """A commune déléguée has no EPCI of its own: it belongs to its current commune's."""

    title = _("EPCI")
    parameter_name = "epci"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        names = (
            Commune.objects.exclude(epci_name="").order_by("epci_name").values_list("epci_name", flat=True).distinct()
        )
        return [(name, name) for name in names]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if not value:
            return queryset
        return queryset.filter(Q(commune__epci_name=value) | Q(commune__parent__epci_name=value))


def _audit_vocabulary(entries: list[Any]) -> tuple[dict[str, Any], Any]:
    """Field names and stored values of a place's audit entries, in words (choices, commune names)."""
    labels: dict[str, Any] = {
        field.name: capfirst(field.verbose_name) for field in Place._meta.get_fields() if hasattr(field, "verbose_name")
    }
    labels.update(
        {
            "status_history": _("Historique des statuts"),
            "photos": _("Photos"),
            "photo_alt_text": _("Description d'une photo"),
            "photo_position": _("Ordre d'une photo"),
        }
    )
    choices = {field.name: dict(field.flatchoices) for field in Place._meta.concrete_fields if field.choices}
    commune_ids = {
        value
        for entry in entries
        for value in (entry.changes.get("commune") or [])
        if isinstance(value, int | str) and str(value).isdigit()
    }
    communes = {str(c.pk): str(c) for c in Commune.objects.filter(pk__in=commune_ids).select_related("parent")}

    def display(field: str, value: Any) -> Any:
        if value is None or value == "":
            return value  # "not known" stays a dash, not the choice labelled "Non renseigné"
        if field in choices and value in choices[field]:
            return choices[field][value]
        if field == "commune" and value is not None:
            return communes.get(str(value), value)
        return value

    return labels, display


class PlaceStatusChangeInline(NetworkStaffAccessMixin, admin.TabularInline):
    """The dated history: past rows are read-only; a missing past step (e.g. "opened in 2013") can be added.
    The current status is changed with the "statut" field above, which adds its own row."""

    model = PlaceStatusChange
    form = PlaceStatusChangeInlineForm
    extra = 0
    fields = ["status", "date", "date_text", "note", "recorded_by", "recorded_at"]
    readonly_fields = ["recorded_by", "recorded_at"]
    verbose_name = _("étape de l'historique")
    verbose_name_plural = _("historique des statuts")

    @admin.display(description=_("enregistré par"))
    def recorded_by(self, obj: PlaceStatusChange) -> str:
        return str(obj.actor) if obj.actor_id else "—"

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class PlacePhotoInline(NetworkStaffAccessMixin, admin.TabularInline):
    model = PlacePhoto
    form = PlacePhotoInlineForm
    extra = 1
    fields = ["preview", "image", "alt_text", "position"]
    readonly_fields = ["preview"]
    network_staff_can_delete = True  # removing a photo is logged and harmless

    @admin.display(description=_("aperçu"))
    def preview(self, obj: PlacePhoto) -> str:
        if not obj.pk or not obj.image:
            return "—"
        return format_html(
            '<img src="{}" alt="{}" width="160" height="{}" loading="lazy"> <span>{} × {} px</span>',  # noqa: RUF001
            obj.image.url,
            obj.alt_text,
            round(160 * obj.height / obj.width) if obj.width else 120,
            obj.width,
            obj.height,
        )


@admin.register(Place)
class PlaceAdmin(NetworkStaffAccessMixin, admin.ModelAdmin):
    form = PlaceAdminForm
    list_display = ["name", "kind", "status", "commune", "operator", "is_demo", "updated_at"]
    list_filter = ["kind", "status", "is_demo", EpciFilter]
    search_fields = ["name", "operator", "commune__name", "commune__search_name", "commune__insee_code"]
    list_select_related = ["commune", "commune__parent"]
    autocomplete_fields = ["commune", "managers"]
    readonly_fields = ["created_at", "updated_at", "audit_log"]
    inlines = [PlaceStatusChangeInline, PlacePhotoInline]
    save_on_top = True
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (
            _("Le lieu"),
            {
                "fields": [
                    "name",
                    "slug",
                    "kind",
                    "status",
                    "is_demo",
                    "operator",
                    "pivot",
                    "description",
                    "source_note",
                ]
            },
        ),
        (
            _("Où"),
            {"fields": ["commune", "address", "latitude", "longitude", "location_is_approximate"]},
        ),
        (
            _("Accès et services"),
            {"fields": ["access", "wifi", *SERVICE_FLAGS]},
        ),
        (
            _("Connexion"),
            {"fields": ["download_mbps", "upload_mbps", "technology", "connectivity_measured_on"]},
        ),
        (
            _("Infos pratiques"),
            {
                "fields": [
                    "opening_hours",
                    "opening_hours_note",
                    "desks",
                    "offices",
                    "prices",
                    "phone",
                    "email",
                    "website",
                ]
            },
        ),
        (_("Gestionnaires"), {"fields": ["managers"]}),
        (_("Cette modification"), {"fields": ["change_reason"]}),
    ]
    audit_fieldset = (_("Journal des modifications"), {"fields": ["created_at", "updated_at", "audit_log"]})

    def get_fieldsets(self, request: HttpRequest, obj: Place | None = None) -> Any:
        fieldsets = list(super().get_fieldsets(request, obj))
        return [*fieldsets, self.audit_fieldset] if obj is not None else fieldsets

    # --- Reading ---

    @admin.display(description=_("journal"))
    def audit_log(self, obj: Place) -> str:
        if not obj.pk:
            return "—"
        entries = list(entries_for(obj)[:AUDIT_LOG_ROWS])
        if not entries:
            return str(_("Aucune modification enregistrée."))
        labels, display = _audit_vocabulary(entries)
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    date_format(localtime(entry.created_at), "SHORT_DATETIME_FORMAT"),
                    entry.actor or _("système"),
                    entry.get_action_display(),
                    render_changes(entry.changes, labels=labels, display=display),
                    entry.message or "—",
                )
                for entry in entries
            ),
        )
        return format_html(
            '<table class="audit-log"><caption>{}</caption><thead><tr><th scope="col">{}</th><th scope="col">{}</th>'
            '<th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>{}</tbody></table>',
            _("Les %(count)s dernières modifications, les plus récentes d'abord.") % {"count": len(entries)},
            _("date"),
            _("auteur"),
            _("action"),
            _("changements"),
            _("motif"),
            rows,
        )

    # --- Writing: everything through the services ---

    def save_model(self, request: HttpRequest, obj: Place, form: ModelForm, change: bool) -> None:
        reason = form.cleaned_data.get("change_reason", "")
        model_fields = {field.name for field in Place._meta.concrete_fields}
        if change:
            data = {name: form.cleaned_data[name] for name in form.changed_data if name in model_fields}
            if data:
                place_update(actor=request.user, place=obj, data=data, message=reason)
            return
        fields = {name: value for name, value in form.cleaned_data.items() if name in model_fields}
        place = place_create(actor=request.user, status_note=reason, **fields)
        # The admin keeps working with `obj` (inlines, redirect): make it the row the service created.
        obj.pk = place.pk
        obj._state.adding = False
        obj._state.db = place._state.db
        obj.refresh_from_db()

    def save_related(self, request: HttpRequest, form: ModelForm, formsets: list[Any], change: bool) -> None:
        # Not form.save_m2m(): managers go through the service so that the change is logged.
        if "managers" in form.cleaned_data:
            place_set_managers(
                actor=request.user,
                place=form.instance,
                managers=form.cleaned_data["managers"],
                message=form.cleaned_data.get("change_reason", ""),
            )
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request: HttpRequest, form: ModelForm, formset: BaseInlineFormSet, change: bool) -> None:
        place = form.instance
        # The admin's own change message reads these three lists.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        if formset.model is PlaceStatusChange:
            for inline_form in formset.extra_forms:
                if not inline_form.has_changed():
                    continue
                data = inline_form.cleaned_data
                formset.new_objects.append(
                    place_status_history_add(
                        actor=request.user,
                        place=place,
                        status=data["status"],
                        date=data.get("date"),
                        date_text=data.get("date_text", ""),
                        note=data.get("note", ""),
                    )
                )
        elif formset.model is PlacePhoto:
            deleted = set(map(id, formset.deleted_forms))
            for inline_form in formset.initial_forms:
                photo = inline_form.instance
                if id(inline_form) in deleted:
                    place_photo_remove(actor=request.user, photo=photo)
                    formset.deleted_objects.append(photo)
                elif editable := [name for name in inline_form.changed_data if name in ("alt_text", "position")]:
                    place_photo_update(
                        actor=request.user,
                        photo=photo,
                        data={name: inline_form.cleaned_data[name] for name in editable},
                    )
                    formset.changed_objects.append((photo, editable))
            for inline_form in formset.extra_forms:
                if not inline_form.has_changed() or id(inline_form) in deleted:
                    continue
                data = inline_form.cleaned_data
                formset.new_objects.append(
                    place_photo_add(
                        actor=request.user,
                        place=place,
                        image_file=data["image"],
                        alt_text=data["alt_text"],
                        position=data["position"] if "position" in inline_form.changed_data else None,
                    )
                )
        else:  # pragma: no cover - a new inline must get its own service first
            raise NotImplementedError(f"No service saves {formset.model!r} from the place admin.")

    def delete_model(self, request: HttpRequest, obj: Place) -> None:
        place_delete(actor=request.user, place=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Place]) -> None:
        for place in queryset:
            place_delete(actor=request.user, place=place)
