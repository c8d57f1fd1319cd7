"""The audit log (who changed what, when) and the abstract transition log of every workflow. Not business models."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditLogEntry(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", _("création")
        UPDATE = "update", _("modification")
        DELETE = "delete", _("suppression")
        TRANSITION = "transition", _("changement d'état")

    created_at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64, db_index=True)
    object_repr = models.CharField(_("objet"), max_length=255)
    changes = models.JSONField(_("changements"), default=dict, blank=True)
    message = models.TextField(_("motif"), blank=True)

    class Meta:
        verbose_name = _("entrée du journal")
        verbose_name_plural = _("journal des modifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="auditlog_object_idx")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.object_repr}"


class TransitionLog(models.Model):
    """One row per change of state of a workflow (solozere.core.workflow): who, when, from, to, why.

    Each app subclasses it for its own table, adding the foreign key to the object that moved; rows are written by
    `solozere.core.workflow_log.apply_transition` only. A subclass may redeclare `action`, `from_state` and
    `to_state` to add its choices (for their labels), keeping the column names."""

    action = models.CharField(_("action"), max_length=32)
    from_state = models.CharField(_("état de départ"), max_length=32, blank=True)
    to_state = models.CharField(_("état d'arrivée"), max_length=32)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("motif"), blank=True)
    created_at = models.DateTimeField(_("date"), default=timezone.now, editable=False, db_index=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_state or '-'} → {self.to_state}"
