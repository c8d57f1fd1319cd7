"""GET /api/v1/stats/community: the census protection itself is tested with the page, in tests/community."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_census_endpoint_is_documented(client):
    schema = client.get("/api/openapi.json").json()
    operation = schema["paths"]["/api/v1/stats/community"]["get"]
    assert "moins de 5" in operation["description"]
