from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person. E-mail is the identifier; roles combine (see solozere.accounts.roles).

    `is_staff` is the "équipe réseau" role: network staff reach the back office.
    """

    username = None  # type: ignore[assignment,misc]
    email = models.EmailField(_("adresse e-mail"), unique=True)
    # A fictional account of the demo content (manage.py load_demo_accounts); delete_demo removes them all.
    is_demo = models.BooleanField(_("compte de démonstration"), default=False, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects = UserManager()  # type: ignore[assignment,misc]

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="user_email_ci_unique",
                violation_error_message=_("Un compte existe déjà avec cette adresse e-mail."),
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email


class FeedToken(models.Model):
    """The secret of a private calendar feed (solozere.accounts.feeds): one per person and purpose ("bookings",
    "place-bookings:12"...). The address holds `selector.secret`: the selector finds the row, the secret is compared
    in constant time. The secret is kept as it is, not hashed, because the person's page shows the address again
    (like any calendar's "adresse secrète"); resetting it replaces both parts, so the old address stops working."""

    user = models.ForeignKey(User, verbose_name=_("personne"), on_delete=models.CASCADE, related_name="feed_tokens")
    purpose = models.CharField(_("agenda"), max_length=100)
    selector = models.CharField(max_length=16, unique=True, editable=False)
    secret = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("lien d'agenda privé")
        verbose_name_plural = _("liens d'agenda privés")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "purpose"],
                name="feedtoken_one_per_user_and_purpose",
                violation_error_message=_("Vous avez déjà un lien pour cet agenda."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.purpose}"

    @property
    def token(self) -> str:
        return f"{self.selector}.{self.secret}"


class ApiToken(models.Model):
    """A personal API token (solozere.accounts.api_tokens): what a program sends as `Authorization: Bearer <token>`
    to act as its owner on the API's personal endpoints. Unlike a FeedToken, the secret is never shown again after
    it is made: only its SHA-256 is kept (a token is 256 random bits, so a fast hash is enough), with a short
    visible prefix by which the person recognises it in their list. Revoked tokens stay listed, unusable, so that
    the person sees when each one stopped."""

    user = models.ForeignKey(User, verbose_name=_("personne"), on_delete=models.CASCADE, related_name="api_tokens")
    label = models.CharField(_("nom"), max_length=100)
    prefix = models.CharField(_("début du jeton"), max_length=16, editable=False)
    secret_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("dernière utilisation"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("jeton d'API personnel")
        verbose_name_plural = _("jetons d'API personnels")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "revoked_at"], name="apitoken_user_revoked")]

    def __str__(self) -> str:
        return f"{self.user} — {self.label} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
