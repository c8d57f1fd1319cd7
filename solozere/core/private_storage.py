"""Private files (aid application pieces, charter evidence): kept outside MEDIA_ROOT, so that no URL serves them.

They leave only through views that check who asks (solozere.aids.views.document_download,
solozere.charter.views.evidence_file). The location is the PRIVATE_MEDIA_ROOT setting when it exists, else a
"private" folder beside MEDIA_ROOT; it follows MEDIA_ROOT when tests change it."""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property


def private_root() -> Path:
    configured = settings.PRIVATE_MEDIA_ROOT
    if configured:
        return Path(configured)
    return Path(settings.MEDIA_ROOT).parent / "private"


@deconstructible(path="solozere.core.private_storage.PrivateStorage")
class PrivateStorage(FileSystemStorage):
    @cached_property
    def base_location(self) -> str:  # type: ignore[override]
        return str(private_root())

    # Only the application's user reads them: 0600 files in 0700 folders, whatever FILE_UPLOAD_PERMISSIONS says for
    # the public media (served by the web server, which must read them).
    @cached_property
    def file_permissions_mode(self) -> int:  # type: ignore[override]
        return 0o600

    @cached_property
    def directory_permissions_mode(self) -> int:  # type: ignore[override]
        return 0o700

    @cached_property
    def base_url(self) -> str | None:  # type: ignore[override]
        return None

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no public URL: they are served by a view that checks who asks.")


private_storage = PrivateStorage()
