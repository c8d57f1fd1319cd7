"""Where the pieces of an application are kept: the private storage (solozere.core.private_storage), served only
by `views.document_download`, which checks who asks."""

import uuid
from pathlib import Path
from typing import Any

# PrivateStorage stays importable here: the app's first migration names it by this path.
from solozere.core.private_storage import PrivateStorage, private_root, private_storage

__all__ = ["PrivateStorage", "claim_upload_to", "document_upload_to", "private_root", "private_storage"]


def document_upload_to(instance: Any, filename: str) -> str:
    # The name typed by the applicant is kept in the database, never in the path.
    extension = Path(filename).suffix.lower()
    return f"aids/{instance.application_id}/{uuid.uuid4().hex}{extension}"


def claim_upload_to(instance: Any, filename: str) -> str:
    extension = Path(filename).suffix.lower()
    return f"aids/representation/{uuid.uuid4().hex}{extension}"
