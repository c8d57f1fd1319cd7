"""The API's limit, counted by the site's one rate-limit mechanism (solozere.core.ratelimit): the shared cache, the
real client address behind the proxy, per address and per signed-in person (SOLOZERE_RATE_LIMITS["api"])."""

from django.http import HttpRequest
from ninja.throttling import BaseThrottle

from solozere.core import ratelimit

ACTION = "api"


class SharedRateThrottle(BaseThrottle):
    """Unlike ninja's own throttles (their cache, their reading of X-Forwarded-For), the same counts as the pages."""

    def allow_request(self, request: HttpRequest) -> bool:
        return ratelimit.consume(request, action=ACTION, limit_get=True)
