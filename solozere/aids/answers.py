"""The simulator's answers, carried to the application form in a signed query string.

The link "déposer une demande avec ces réponses" survives log-in, sign-up and e-mail confirmation as the `next`
URL: it must be short, opaque to tampering and not last for ever. django.core.signing signs it (with its own salt,
so no other signed value of the site can be replayed here) and refuses it after `MAX_AGE`. A bad or old link is
not an error: the form is simply not prefilled, and the page says so.
"""

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.core import signing

SALT = "solozere.aids.simulation-answers"
MAX_AGE = 30 * 24 * 3600  # a month: long enough to come back after confirming an e-mail, short for a stale link
PARAM = "reponses"
_TEXT_KEYS = ("commune", "commune_choice", "company_departement", "new_setup")
_MAX_TEXT = 120


class LinkProblem(StrEnum):
    EXPIRED = "expired"
    INVALID = "invalid"


@dataclass(frozen=True)
class Answers:
    """What the person told the simulator, as typed (the form reads and checks it again)."""

    commune: str = ""
    commune_choice: str = ""
    company_departement: str = ""
    new_setup: str = ""
    amounts: dict[str, str] = field(default_factory=dict)  # category code -> amount as typed ("1 200,50")

    def as_payload(self) -> dict[str, Any]:
        payload: dict[str, Any] = {k: getattr(self, k) for k in _TEXT_KEYS if getattr(self, k)}
        if self.amounts:
            payload["amounts"] = dict(self.amounts)
        return payload


def sign(answers: Answers) -> str:
    return signing.dumps(answers.as_payload(), salt=SALT, compress=True)


def _text(value: Any) -> str:
    return value[:_MAX_TEXT] if isinstance(value, str) else ""


def read(token: str) -> tuple[Answers | None, LinkProblem | None]:
    """The answers of a signed link, or why there are none. Never raises on what a person can put in a URL."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired:
        return None, LinkProblem.EXPIRED
    except (signing.BadSignature, ValueError, TypeError):
        return None, LinkProblem.INVALID
    if not isinstance(payload, dict):
        return None, LinkProblem.INVALID
    raw_amounts = payload.get("amounts")
    amounts = (
        {_text(k)[:40]: _text(v)[:20] for k, v in raw_amounts.items() if _text(k) and _text(v)}
        if isinstance(raw_amounts, dict)
        else {}
    )
    return Answers(**{k: _text(payload.get(k)) for k in _TEXT_KEYS}, amounts=amounts), None
