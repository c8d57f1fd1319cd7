"""The charter, adhesion, manager, correction and staff pages are valid HTML (Nu HTML checker), errors shown too."""

from decimal import Decimal

import pytest

from solozere.charter.services import (
    charter_version_create_draft,
    charter_version_publish,
)
from solozere.places.corrections import place_correction_submit
from solozere.places.services import place_update
from tests.html_checker import nu_errors
from tests.places.factories import apply_for, comptoir_ready, member_place, telecentre_ready


@pytest.fixture
def rendered_pages(client, territory, charter_v1, manager, staff_user, tmp_path):  # type: ignore[no-untyped-def]
    member = member_place(manager, staff_user, name="Comptoir labellisé")
    suspended = member_place(manager, staff_user, name="Comptoir suspendu")
    place_update(actor=manager, place=suspended, data={"wifi": "paid"})
    draft = charter_version_create_draft(
        actor=staff_user, charter=charter_v1.charter, text="v2", changes="Plus de débit.", min_download_mbps=Decimal(40)
    )
    charter_version_publish(actor=staff_user, version=draft)
    telecentre = telecentre_ready(name="Télécentre en attente")
    telecentre.managers.add(manager)
    pending = apply_for(telecentre, manager)
    tiers = comptoir_ready(name="Tiers-lieu", kind="tiers_lieu")
    tiers.managers.add(manager)
    correction = place_correction_submit(place=member, field="opening_hours", proposed_value="Mo 9-12", reason="r")
    other = place_correction_submit(place=member, field="other", proposed_value="", reason="<b>photo</b> floue")
    charter_version_create_draft(
        actor=staff_user, charter=charter_v1.charter, text="v3", changes="c", min_download_mbps=Decimal(40)
    )

    pages = {}
    pages["/lieux/charte/"] = client.get("/lieux/charte/")
    pages["/lieux/charte/1/"] = client.get("/lieux/charte/1/")
    pages["member page"] = client.get(member.get_absolute_url())
    pages["suspended page"] = client.get(suspended.get_absolute_url())
    pages["correction form"] = client.get(f"/lieux/{member.slug}/signaler/")
    pages["correction errors"] = client.post(f"/lieux/{member.slug}/signaler/", {"field": "phone", "email": "x"})

    client.force_login(manager)
    pages["place page as manager"] = client.get(member.get_absolute_url())
    pages["dashboard"] = client.get(f"/lieux/{member.slug}/gerer/")
    pages["edit"] = client.get(f"/lieux/{member.slug}/gerer/modifier/")
    pages["edit errors"] = client.post(f"/lieux/{member.slug}/gerer/modifier/", {"desks": "x", "wifi": "y"})
    pages["photos"] = client.get(f"/lieux/{member.slug}/gerer/photos/")
    pages["photos errors"] = client.post(f"/lieux/{member.slug}/gerer/photos/", {"alt_text": ""})
    pages["adhesion renewal"] = client.get(f"/lieux/{member.slug}/adhesion/")
    pages["adhesion errors"] = client.post(f"/lieux/{member.slug}/adhesion/", {"type": "comptoir"})
    pages["adhesion pending"] = client.get(f"/lieux/{telecentre.slug}/adhesion/")
    pages["adhesion kind choice"] = client.get(f"/lieux/{tiers.slug}/adhesion/")
    pages["adhesion kind error"] = client.get(f"/lieux/{tiers.slug}/adhesion/?type=x")
    pages["adhesion telecentre form"] = client.get(f"/lieux/{tiers.slug}/adhesion/?type=telecentre")
    pages["adhesion detail"] = client.get(f"/lieux/{telecentre.slug}/adhesion/{pending.pk}/")

    client.force_login(staff_user)
    pages["staff queue"] = client.get("/equipe/charte/adhesions/")
    pages["staff queue all"] = client.get("/equipe/charte/adhesions/?vue=toutes")
    pages["review"] = client.get(f"/equipe/charte/adhesions/{pending.pk}/")
    pages["review errors"] = client.post(f"/equipe/charte/adhesions/{pending.pk}/", {"decision": "approve"})
    suspended_membership = suspended.memberships.get()
    pages["suspended membership"] = client.get(f"/equipe/charte/adhesions/{suspended_membership.pk}/")
    pages["reinstate errors"] = client.post(f"/equipe/charte/adhesions/{suspended_membership.pk}/retablir/", {})
    pages["corrections"] = client.get("/equipe/lieux/corrections/")
    pages["correction"] = client.get(f"/equipe/lieux/corrections/{correction.pk}/")
    pages["correction apply errors"] = client.post(
        f"/equipe/lieux/corrections/{correction.pk}/appliquer/", {"appliquer-opening_hours": "Mo 9-12"}
    )
    pages["correction other"] = client.get(f"/equipe/lieux/corrections/{other.pk}/")
    pages["charter versions"] = client.get("/equipe/charte/versions/")
    pages["charter draft"] = client.get("/equipe/charte/versions/3/")
    pages["charter published"] = client.get("/equipe/charte/versions/2/")

    files = []
    for name, response in pages.items():
        assert response.status_code in (200, 400, 429), name
        path = tmp_path / f"{len(files):02d}.html"
        path.write_bytes(response.content)
        files.append((name, path))
    return files


@pytest.mark.django_db
def test_charter_and_manager_pages_have_no_html_errors(rendered_pages):
    errors = nu_errors(rendered_pages)
    assert errors == [], "\n".join(errors)
