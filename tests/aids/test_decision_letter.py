"""The aid decision letter's text: who signs it, its date the French way, the authority, the appeal rights."""

import datetime as dt
import zoneinfo
from decimal import Decimal

import pytest
from django.urls import reverse

from solozere.aids import services
from solozere.aids.models import AidApplication

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def plain(response) -> str:  # type: ignore[no-untyped-def]
    return (
        response.content.decode()
        .replace("\u202f", " ")
        .replace("\xa0", " ")
        .replace("&#x27;", "'")
        .replace("&quot;", '"')
    )


def letter_url(application: AidApplication) -> str:
    return f"/aide-teletravail/demandes/{application.pk}/lettre-de-decision/"


@pytest.fixture
def granted(submitted, staff_user):  # type: ignore[no-untyped-def]
    services.application_accept(actor=staff_user, application=submitted, amount=Decimal("2000"))
    # Decided late on 30 November in UTC, which is already 1 December in Lozère.
    AidApplication.objects.filter(pk=submitted.pk).update(decided_at=dt.datetime(2026, 11, 30, 23, 30, tzinfo=dt.UTC))
    submitted.refresh_from_db()
    return submitted


@pytest.fixture
def signed_scheme(telework_scheme):  # type: ignore[no-untyped-def]
    telework_scheme.signatory_name = "Sophie Pantel"
    telework_scheme.signatory_title = "Présidente du Conseil départemental de la Lozère"
    telework_scheme.save(update_fields=["signatory_name", "signatory_title"])
    return telework_scheme


def signature(html: str) -> str:
    start = html.index('<p class="signature">')
    return html[start : html.index("</p>", start)]


def test_the_letter_is_signed_by_the_named_signatory_with_their_title(client, granted, signed_scheme, applicant):
    client.force_login(applicant)
    html = plain(client.get(letter_url(granted)))
    block = signature(html)
    assert "Présidente du Conseil départemental de la Lozère<br><strong>Sophie Pantel</strong>" in block
    # The person who clicked "accorder" is not presented as the signatory.
    assert "organisme instructeur" not in block


def test_without_a_signatory_the_letter_names_the_person_who_decided_and_staff_are_told(
    client, granted, telework_scheme, staff_user, applicant
):
    assert telework_scheme.signatory_name == ""
    client.force_login(applicant)
    block = signature(plain(client.get(letter_url(granted))))
    assert f"<strong>{staff_user.get_full_name() or staff_user}</strong>" in block
    assert "organisme instructeur" in block
    client.force_login(staff_user)
    html = plain(client.get(letter_url(granted)))
    assert "Aucun signataire n'est renseigné pour ce dispositif" in html
    funding = reverse("aids:staff_scheme_funding", kwargs={"slug": telework_scheme.slug})
    assert f'href="{funding}#signataire"' in html


def test_the_signatory_warning_is_not_shown_to_the_company(client, granted, applicant):
    client.force_login(applicant)
    assert "Aucun signataire" not in plain(client.get(letter_url(granted)))


def test_the_date_is_written_the_french_way_in_local_time(client, granted, signed_scheme, applicant):
    client.force_login(applicant)
    html = plain(client.get(letter_url(granted)))
    assert "<p>Le 1er décembre 2026</p>" in html
    assert "1 décembre 2026" not in html
    assert "30 novembre 2026" not in html


def test_an_ordinary_day_has_no_ordinal(client, granted, signed_scheme, applicant):
    AidApplication.objects.filter(pk=granted.pk).update(decided_at=dt.datetime(2026, 12, 2, 9, 0, tzinfo=PARIS))
    client.force_login(applicant)
    assert "<p>Le 2 décembre 2026</p>" in plain(client.get(letter_url(granted)))


def test_the_letter_names_the_deciding_authority_from_the_setting(client, granted, signed_scheme, applicant, settings):
    client.force_login(applicant)
    html = plain(client.get(letter_url(granted)))
    assert "<strong>Conseil départemental de la Lozère</strong>" in html
    assert "recours gracieux</strong> auprès du Conseil départemental de la Lozère" in html
    settings.AIDS_DECISION_AUTHORITY = "Département de la Lozère, direction de l'attractivité"
    html = plain(client.get(letter_url(granted)))
    assert "<strong>Département de la Lozère, direction de l'attractivité</strong>" in html
    assert "<br>Département de la Lozère, direction de l'attractivité" in signature(html)


@pytest.mark.parametrize("outcome", ["accepted", "refused"])
def test_the_letter_states_the_appeal_rights_and_their_deadline(
    client, submitted, signed_scheme, applicant, staff_user, outcome
):
    if outcome == "accepted":
        services.application_accept(actor=staff_user, application=submitted, amount=Decimal("2000"))
    else:
        services.application_refuse(actor=staff_user, application=submitted, motive="Hors du périmètre.")
    client.force_login(applicant)
    html = plain(client.get(letter_url(submitted)))
    appeal = html[html.index('<section aria-labelledby="appeal-title"') : html.index("</section>")]
    assert "Voies et délais de recours" in appeal
    assert "dans un délai de deux mois à compter de sa notification" in appeal
    assert "<strong>recours gracieux</strong>" in appeal
    assert "<strong>recours contentieux</strong>" in appeal
    assert "<strong>tribunal administratif de Nîmes</strong>, compétent pour la Lozère" in appeal
    assert "R. 421-1" in appeal
