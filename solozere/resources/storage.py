"""Where the documents of the resource centre are kept: the private storage (solozere.core.private_storage), served
only by `views.item_file`, which checks that the resource is published (or shown to its proposer or the staff)."""

import uuid
from pathlib import Path
from typing import Any


def document_upload_to(instance: Any, filename: str) -> str:
    # The name the person gave is kept in the database (for the download), never in the path.
    return f"resources/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"
