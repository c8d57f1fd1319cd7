"""What registrations hold of a person, for the personal-data registry of accounts (registered in
EventsConfig.ready): each registration that is the person's, with its answers: made with the account, or as a
visitor with the account's confirmed address (« Mes inscriptions » shows the same ones). Before the account goes,
the registrations of the account to come are cancelled (their seats go to the next in line) and every one loses
the name, address and answers; the rows stay for the events' counts, as the purge leaves them."""

from typing import Any

from solozere.accounts.personal_data import iso
from solozere.events.models import Question, Registration
from solozere.events.selectors_registration import own

RELATIONS = frozenset({("events.registration", "user")})


def registrations_personal_data(user: Any) -> list[dict[str, Any]]:
    rows = list(Registration.objects.filter(own(user)).select_related("event", "site__place").order_by("pk"))
    labels = {
        str(pk): label
        for pk, label in Question.objects.filter(event__in={row.event_id for row in rows}).values_list("pk", "label")
    }
    return [
        {
            "event": row.event.title,
            "starts_at": iso(row.event.starts_at),
            "site": row.site.name,
            "status": row.get_status_display(),
            "seat": row.seat,
            "name": row.name,
            "email": row.email,
            "answers": {labels.get(key, key): value for key, value in row.answers.items()},
            "requested_at": iso(row.created_at),
            "confirmed_at": iso(row.confirmed_at),
            "offer_expires_at": iso(row.offer_expires_at),
            "attended": row.attended,
            "reminded_at": iso(row.reminded_at),
        }
        for row in rows
    ]
