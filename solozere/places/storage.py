"""Where the evidence of an adhesion is kept: the private storage (solozere.core.private_storage), served only by
`views_charter.evidence_file`, which checks who asks (the place's managers and the staff)."""

import uuid
from typing import Any

# PrivateStorage stays importable here: migration 0002 names it by this path.
from solozere.core.private_storage import PrivateStorage, private_root, private_storage

__all__ = ["PrivateStorage", "evidence_upload_to", "private_root", "private_storage"]


def evidence_upload_to(instance: Any, filename: str) -> str:
    # The name typed by the manager is kept in the database, never in the path; the extension is ours.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"places-evidence/{instance.membership.place_id}/{uuid.uuid4().hex}.{extension}"
