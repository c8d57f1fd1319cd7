"""The API and the open-data exports read the other apps: their tests reuse those apps' fixtures."""

from tests.aids.conftest import (  # noqa: F401
    applicant,
    draft,
    ready_draft,
    submitted,
    telework_scheme,
)
from tests.bookings.conftest import desks  # noqa: F401
