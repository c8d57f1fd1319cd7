"""No page is wider than the window, on a 390 px phone or a 1366 px desktop (issue 9).

Every named GET route of the URLconf is visited, by the role that can see it, with demo-like content in the
database (places of every kind, demo places with photos, a labelled Comptoir, a pending adhesion, memberships, aid
applications in several states with expense lines and documents, a decision letter), or is listed in EXCLUDED with
the reason it is not a page. A new page that nobody visits fails `test_every_page_is_visited_or_excluded`.

SOLOZERE_SCREENSHOTS=/tmp/shots saves a full-page screenshot of every visit (off by default)."""

import datetime as dt
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from io import BytesIO, StringIO
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from PIL import Image

from solozere.accompaniment.answer_links import answer_token
from solozere.accompaniment.models import Message
from solozere.accounts.api_tokens import api_token_create, api_token_revoke
from solozere.aids import services as aid_services
from solozere.bookings import availability
from solozere.bookings.services import booking_cancel, booking_request
from solozere.bookings.services_presence import check_in_record
from solozere.bookings.services_waitlist import waitlist_join, waitlist_offer_round
from solozere.places.corrections import place_correction_submit
from solozere.places.models import Place, PlaceKind
from solozere.places.services import place_photo_add
from solozere.resources import services as resource_services
from tests.accompaniment.factories_partner import AssignmentFactory, ProjectRequestFactory
from tests.accounts.factories import PASSWORD, TOTP_PERIOD, UserFactory, totp_code
from tests.aids.conftest import draft_data, pdf, represent
from tests.aids.factories import CompanyFactory
from tests.bookings.factories import ResourceFactory
from tests.community.factories import ContactMessageFactory, MembershipFactory, ReportFactory
from tests.organisations.factories import OrganisationAgentFactory
from tests.places.factories import PlaceFactory, apply_for, comptoir_ready, member_place, telecentre_ready
from tests.resources.factories import proposal as resource_proposal

SIZES = {"phone": (390, 844), "desktop": (1366, 900)}

# Named routes that are not pages a person reads in a browser, each with its reason.
EXCLUDED: dict[str, str] = {
    "core:healthz": "health check for the load balancer (plain text)",
    "set_language": "POST only (the language switch)",
    "accompaniment_partner:take": "POST only (an agent takes a request)",
    "accompaniment_partner:start": "POST only (an agent marks a request in progress)",
    "accompaniment_partner:answer_post": "POST only (an agent's answer; its form is on the request's page)",
    "accompaniment_partner:absence_delete": "POST only (an agent withdraws one of their absences)",
    "accounts:personal_data_export": "JSON download",
    "accounts:feed": "private calendar feed (text/calendar, read by calendar applications)",
    "accounts:feed_reset": "POST only (the reset button of the private calendar feed)",
    "account_set_password": "redirects to the password change: every account here has a password",
    "account_confirm_login_code": "log-in by e-mailed code is off: redirects to the log-in page",
    "mfa_download_recovery_codes": "text file download",
    "charter:evidence_file": "private file download",
    "charter:staff_membership_reinstate": "POST only",
    "charter:staff_charter_publish": "POST only",
    "aids:application_delete": "POST only",
    "places:nearest_commune": "JSON (the nearest commune to the browser's position)",
    "places:communes": "commune suggestions for the search field (an HTML fragment for htmx, not a page)",
    "places:departement": "GeoJSON",
    "places:manage_photo_remove": "POST only",
    "places:staff_correction_accept": "POST only",
    "places:staff_correction_dismiss": "POST only",
    "community:renew": "POST only",
    "community:consents": "POST only",
    "community:my_data": "permanent redirect to accounts:personal_data",
    "community:my_data_export": "permanent redirect to accounts:personal_data_export",
    "community:account_delete": "permanent redirect to accounts:account_delete",
    "community:decide": "POST only",
    "community:show_again": "POST only",
    "community:report_resolve": "POST only",
    "aids:document_upload": "POST only",
    "aids:document_delete": "POST only",
    "aids:application_submit": "POST only",
    "aids:application_complete": "POST only",
    "aids:application_withdraw": "POST only",
    "aids:applicant_message": "POST only",
    "aids:document_download": "private file download",
    "aids:staff_report_csv": "CSV",
    "aids:staff_claim_approve": "POST only",
    "aids:staff_claim_refuse": "POST only",
    "aids:staff_claim_document": "private file download",
    "organisations:staff_agent_add": "POST only (the form of organisations:staff_agents)",
    "organisations:staff_agent_remove": "POST only",
    "aids:staff_assign": "POST only",
    "aids:staff_start_review": "POST only",
    "aids:staff_request_documents": "POST only",
    "aids:staff_accept": "POST only",
    "aids:staff_refuse": "POST only",
    "aids:staff_payment": "POST only",
    "aids:staff_annotation": "POST only",
    "aids:staff_message": "POST only",
    "api:openapi-json": "JSON",
    "api:list_places": "JSON",
    "api:places_geojson": "GeoJSON",
    "api:community_stats": "JSON",
    "api:list_aid_schemes": "JSON",
    "api:list_resources": "JSON",
    "api:list_events": "JSON",
    "api:event": "JSON",
    "api:simulate_aid": "JSON",
    "api:place_availability": "JSON",
    "api:bookings": "JSON (a person's bookings)",
    "api:create_booking": "POST only (JSON): the same address as api:bookings",
    "api:cancel_booking": "POST only (JSON)",
    "accounts:api_token_revoke": "POST only (the revoke button of accounts:api_tokens)",
    "api:api-root": "the API's root (JSON, no page)",
    "opendata:aids": "permanent redirect to the aids' section of opendata:index",
    "opendata:places-csv": "CSV",
    "opendata:places-geojson": "GeoJSON",
    "opendata:aid-schemes-csv": "CSV",
    "opendata:aid-grants-csv": "CSV",
    "accounts:resend_confirmation": "POST only (the button of account_email_verification_sent)",
    "bookings:presence_withdraw": "POST only",
    "bookings:export": "CSV",
    "bookings:staff_occupancy_export": "CSV",
    "pages:statistics_csv": "CSV (each table of pages:statistics, which is visited)",
    "bookings:manage_booking_decide": "POST only",
    "bookings:manage_closure_remove": "POST only",
    "bookings:mine_cancel": "POST only",
    "bookings:waitlist_join": "POST only",
    "bookings:waitlist_accept": "POST only",
    "bookings:waitlist_leave": "POST only",
    "resources:file": "file download (a PDF or an image shown by the browser itself, or an attachment)",
    "resources:withdraw": "POST only",
    "resources:staff_publish": "POST only",
    "resources:staff_reject": "POST only",
    "resources:staff_unpublish": "POST only",
    "events:publish": "POST only (the button of events:manage)",
    "events:feed": "iCal",
    "events:place_feed": "iCal",
    "events:hold": "POST only (the button of events:manage)",
    "events:series_publish": "POST only (the button of events:series)",
    "events:registration_private_cancel": "POST only",
    "events:registration_private_accept": "POST only",
    "events:registration_cancel": "POST only",
    "events:registrations_csv": "CSV",
    "events:attendance_mark": "POST only (htmx swaps the line of the attendance sheet)",
    "events:contribution_accept": "POST only",
    "events:contribution_decline": "POST only",
    "events:contribution_unpublish": "POST only",
    "events:contribution_document": "private file (a contribution's PDF or image, shown by the browser's viewer)",
    "accompaniment:reply": "POST only (the form of accompaniment:private)",
    "accompaniment:withdraw": "POST only (the button of accompaniment:private)",
    "accompaniment:erase": "POST only (the button of accompaniment:private)",
    "accompaniment:staff_absence_delete": "POST only (the staff withdraw an agent's absence)",
}
# Django's own admin (/gestion/) has its own responsive stylesheet: its index is visited, its model pages are not.
EXCLUDED_NAMESPACES = {"admin": "Django's admin and its own stylesheet (its index is visited)"}


@dataclass(frozen=True)
class Visit:
    role: str  # visitor, member, manager, company, agent, staff
    route: str
    label: str = ""
    kwargs: Callable[[Any], dict[str, Any]] = field(default=lambda demo: {})
    query: str = ""
    # False when the route answers with a redirect to its own page (a password-reset key is swapped for a token).
    same_path: bool = True

    def url(self, demo: Any) -> str:
        return reverse(self.route, kwargs=self.kwargs(demo)) + self.query

    @property
    def name(self) -> str:
        return f"{self.route}{f' ({self.label})' if self.label else ''}"


def _slug(key: str) -> Callable[[Any], dict[str, Any]]:
    return lambda demo: {"slug": getattr(demo, key).slug}


def _pk(key: str, name: str = "pk") -> Callable[[Any], dict[str, Any]]:
    return lambda demo: {name: getattr(demo, key).pk}


def _resource(item: Any) -> dict[str, Any]:
    return {"pk": item.pk, "slug": item.slug}


VISITS = [
    # Public pages, nobody signed in.
    Visit("visitor", "pages:home"),
    Visit("visitor", "pages:legal"),
    Visit("visitor", "pages:accessibility"),
    Visit("visitor", "pages:privacy"),
    Visit("visitor", "pages:contact"),
    Visit("visitor", "accompaniment:request"),
    Visit("visitor", "accompaniment:sent"),
    Visit("visitor", "accompaniment:private", "open, two organisations", lambda demo: {"token": demo.request.token}),
    Visit("visitor", "accompaniment:private", "pending", lambda demo: {"token": demo.pending_request.token}),
    Visit("visitor", "accompaniment:confirm", kwargs=lambda demo: {"token": demo.pending_request.token}),
    Visit("visitor", "events:agenda"),
    Visit("visitor", "places:list"),
    Visit("visitor", "places:list", "search", query="?commune=Saint-Ch%C3%A9ly-d%27Apcher&radius=20&kind=telecentre"),
    Visit("visitor", "places:detail", "demo place with photos", _slug("photo_place")),
    Visit("visitor", "places:detail", "labelled Comptoir", _slug("labelled")),
    Visit("visitor", "places:detail", "complete telecentre", _slug("complete")),
    Visit("visitor", "places:detail", "real place, little known", _slug("real")),
    Visit("visitor", "places:correction", kwargs=_slug("labelled")),
    Visit("visitor", "charter:charter"),
    Visit("visitor", "charter:charter_version", kwargs=lambda demo: {"number": 1}),
    Visit("visitor", "community:index"),
    Visit("visitor", "aids:index"),
    Visit(
        "visitor",
        "aids:index",
        "simulation",
        query="?commune=Javols&company_departement=75&new_setup=yes&amount_equipment=1500&amount_home_office=900",
    ),
    Visit("visitor", "aids:scheme_detail", kwargs=_slug("scheme")),
    Visit("visitor", "aids:scheme_rules", kwargs=_slug("scheme")),
    Visit("visitor", "opendata:index"),
    Visit("visitor", "bookings:presence_impact"),
    Visit("visitor", "bookings:occupancy"),
    Visit("visitor", "pages:statistics"),
    Visit("visitor", "resources:list"),
    Visit("visitor", "resources:list", "search with an unknown topic", query="?q=t%C3%A9l%C3%A9travail&topic=cuisine"),
    Visit("visitor", "resources:detail", "demo document", lambda demo: _resource(demo.resource_document)),
    Visit("visitor", "resources:detail", "link from an event", lambda demo: _resource(demo.resource_link)),
    Visit("visitor", "api:openapi-view"),
    Visit("visitor", "account_login"),
    Visit("visitor", "account_signup"),
    Visit("visitor", "account_inactive"),
    Visit("visitor", "account_email_verification_sent"),
    Visit("visitor", "account_confirm_email", kwargs=lambda demo: {"key": demo.confirmation_key}),
    Visit("visitor", "account_reset_password"),
    Visit("visitor", "account_reset_password_done"),
    Visit("visitor", "account_reset_password_from_key", kwargs=lambda demo: demo.reset_key, same_path=False),
    Visit("visitor", "account_reset_password_from_key_done"),
    # A teleworker, member of the community.
    Visit("member", "accounts:profile"),
    Visit("member", "accounts:personal_data"),
    Visit("member", "accounts:account_delete"),
    Visit("member", "accounts:api_tokens"),
    Visit("member", "account_email"),
    Visit("member", "account_change_password"),
    Visit("member", "account_reauthenticate"),
    Visit("member", "account_logout"),
    Visit("member", "mfa_index"),
    Visit("member", "mfa_activate_totp"),
    Visit("member", "community:index"),
    Visit("member", "community:apply", same_path=False),
    Visit("member", "community:apply_step", "situation step", kwargs=lambda demo: {"step": "situation"}),
    Visit("member", "community:my_membership"),
    Visit("member", "community:directory"),
    Visit("member", "community:profile", kwargs=lambda demo: {"public_id": demo.other_member.public_id}),
    Visit("member", "community:contact", kwargs=lambda demo: {"public_id": demo.other_member.public_id}),
    Visit("member", "community:profile_report", kwargs=lambda demo: {"public_id": demo.other_member.public_id}),
    Visit("member", "community:inbox"),
    Visit("member", "bookings:place_resources", kwargs=_slug("complete")),
    Visit("member", "bookings:book", kwargs=lambda demo: {"slug": demo.complete.slug, "pk": demo.desks.pk}),
    Visit("member", "bookings:mine"),
    Visit("member", "bookings:mine_detail", kwargs=_pk("booking")),
    Visit("member", "bookings:waitlist_detail", kwargs=_pk("waitlist")),
    Visit("visitor", "events:detail", kwargs=_slug("event")),
    Visit("visitor", "events:agenda", "mois", query="?vue=mois"),
    Visit("visitor", "events:past"),
    Visit("staff", "events:organise"),
    # An agent of a partner organisation of the Réseau Accueil.
    Visit("agent", "accompaniment_partner:inbox"),
    Visit("agent", "accompaniment_partner:inbox", "taken", query="?vue=en-cours"),
    Visit("agent", "accompaniment_partner:request", kwargs=lambda demo: {"reference": demo.partner_request.reference}),
    Visit("agent", "accompaniment_partner:finish", kwargs=lambda demo: {"reference": demo.partner_request.reference}),
    Visit("agent", "accompaniment_partner:decline", kwargs=lambda demo: {"reference": demo.partner_request.reference}),
    Visit(
        "agent", "accompaniment_partner:hand_over", kwargs=lambda demo: {"reference": demo.partner_request.reference}
    ),
    Visit("visitor", "accompaniment_partner:answer", "signed link", kwargs=lambda demo: {"token": demo.answer_token}),
    Visit("agent", "accompaniment_partner:survey_results"),
    Visit("agent", "accompaniment_partner:absences"),
    Visit("visitor", "accompaniment:survey", kwargs=lambda demo: {"token": demo.closed_request.token}),
    Visit("staff", "events:create"),
    Visit("staff", "events:manage", kwargs=_slug("event")),
    Visit("staff", "events:edit", kwargs=_slug("event")),
    Visit("staff", "events:cancel", kwargs=_slug("event")),
    Visit("staff", "events:series", kwargs=_pk("series")),
    Visit("visitor", "events:register", kwargs=_slug("event")),
    Visit("visitor", "events:registration_private", "registered", lambda demo: {"token": demo.registration.token}),
    Visit("visitor", "events:registration_private", "offered", lambda demo: {"token": demo.offered.token}),
    Visit("visitor", "events:registration_confirm", kwargs=lambda demo: {"token": demo.pending_registration.token}),
    Visit("member", "events:detail", "registered", _slug("event")),
    Visit("member", "events:mine"),
    Visit("member", "accompaniment:request", "as a verified account"),
    Visit("visitor", "events:detail", "past, with contributions and survey", _slug("past_event")),
    Visit("visitor", "events:survey", kwargs=lambda demo: {"token": demo.survey_token}),
    Visit("member", "events:detail", "with own proposals", _slug("past_event")),
    Visit("member", "events:contribution_propose", kwargs=_slug("event")),
    Visit(
        "member",
        "events:contribution_publish",
        kwargs=lambda demo: {"slug": demo.past_event.slug, "pk": demo.accepted_contribution.pk},
    ),
    Visit("member", "community:message_reply", kwargs=_pk("message")),
    Visit("member", "community:message_report", kwargs=_pk("message")),
    Visit("member", "places:detail", "who is there today", _slug("labelled")),
    Visit("member", "bookings:presence_check_in", kwargs=_slug("labelled")),
    Visit("member", "bookings:presence_my_impact"),
    Visit("member", "resources:propose"),
    Visit("member", "resources:mine"),
    Visit("member", "resources:detail", "their proposal, waiting", lambda demo: _resource(demo.resource_proposal)),
    # A place's manager.
    Visit("manager", "places:detail", "as its manager", _slug("labelled")),
    Visit("manager", "places:manage", kwargs=_slug("labelled")),
    Visit("manager", "places:manage_edit", kwargs=_slug("labelled")),
    Visit("manager", "places:manage_photos", kwargs=_slug("labelled")),
    Visit("manager", "places:manage_hours", kwargs=_slug("labelled")),
    Visit("manager", "bookings:presence_poster", kwargs=_slug("labelled")),
    Visit("manager", "bookings:calendar", "week", _slug("complete")),
    Visit("manager", "bookings:calendar", "day", _slug("complete"), query="?vue=jour"),
    Visit(
        "manager", "bookings:manage_booking", kwargs=lambda demo: {"slug": demo.complete.slug, "pk": demo.booking.pk}
    ),
    Visit("manager", "bookings:manage_resources", kwargs=_slug("complete")),
    Visit("manager", "bookings:manage_resource_add", kwargs=_slug("complete")),
    Visit("manager", "bookings:manage_resource", kwargs=lambda demo: {"slug": demo.complete.slug, "pk": demo.desks.pk}),
    Visit("manager", "bookings:manage_closures", kwargs=_slug("complete")),
    Visit("manager", "events:registrations", kwargs=_slug("event")),
    Visit(
        "manager",
        "events:registration_detail",
        kwargs=lambda demo: {"slug": demo.event.slug, "pk": demo.registration.pk},
    ),
    Visit("manager", "events:attendance", kwargs=_slug("event")),
    Visit("manager", "events:contributions", kwargs=_slug("past_event")),
    Visit("manager", "events:contributions", "call open", _slug("event")),
    Visit("manager", "events:contribution_publish_direct", kwargs=_slug("past_event")),
    Visit("manager", "events:survey_results", kwargs=_slug("past_event")),
    Visit("manager", "charter:adhesion", "renewal", _slug("labelled")),
    Visit("manager", "charter:adhesion", "kind choice", _slug("tiers_lieu")),
    Visit("manager", "charter:adhesion", "Comptoir form", _slug("tiers_lieu"), query="?type=comptoir"),
    Visit(
        "manager",
        "charter:adhesion_detail",
        kwargs=lambda demo: {"slug": demo.pending.place.slug, "pk": demo.pending.pk},
    ),
    # A company's representative applying for the telework aid.
    Visit("company", "community:apply", "not a member yet", same_path=False),
    Visit("company", "aids:application_new", kwargs=_slug("scheme"), query="?commune=Javols&amount_equipment=1500"),
    Visit("company", "aids:my_applications"),
    Visit("company", "aids:application_detail", "draft", _pk("draft")),
    Visit("company", "aids:application_detail", "submitted", _pk("submitted")),
    Visit("company", "aids:application_detail", "documents requested", _pk("awaiting")),
    Visit("company", "aids:application_detail", "granted and paid", _pk("granted")),
    Visit("company", "aids:application_detail", "refused", _pk("refused")),
    Visit("company", "aids:application_edit", kwargs=_pk("draft")),
    Visit(
        "company",
        "aids:application_step",
        "expenses step",
        kwargs=lambda demo: {"pk": demo.draft.pk, "step": "depenses"},
    ),
    Visit("company", "aids:decision_letter", "grant", _pk("granted")),
    Visit("company", "aids:decision_letter", "refusal", _pk("refused")),
    Visit("company", "aids:claim_new", kwargs=lambda demo: {"company_pk": demo.unproven_company.pk}),
    # The network's staff.
    Visit("staff", "pages:styleguide"),
    Visit("staff", "mfa_index"),
    Visit("staff", "mfa_reauthenticate"),
    Visit("staff", "mfa_deactivate_totp"),
    Visit("staff", "mfa_generate_recovery_codes"),
    Visit("staff", "mfa_view_recovery_codes"),
    Visit("staff", "backoffice:dashboard"),
    Visit("staff", "charter:staff_memberships"),
    Visit("staff", "charter:staff_memberships", "all", query="?vue=toutes"),
    Visit("staff", "charter:staff_membership", "pending", _pk("pending")),
    Visit("staff", "charter:staff_membership", "approved", _pk("approved_adhesion")),
    Visit("staff", "charter:staff_charter"),
    Visit("staff", "charter:staff_charter_version", kwargs=lambda demo: {"number": 1}),
    Visit("staff", "bookings:staff_bookings"),
    Visit("staff", "bookings:staff_occupancy"),
    Visit("staff", "places:staff_corrections"),
    Visit("staff", "places:staff_correction", kwargs=_pk("correction")),
    Visit("staff", "community:review_queue"),
    Visit("staff", "community:review", kwargs=_pk("application")),
    Visit("staff", "community:reports"),
    Visit("staff", "aids:staff_queue"),
    Visit("staff", "aids:staff_report"),
    Visit("staff", "aids:staff_claims"),
    Visit("staff", "aids:staff_claim", kwargs=_pk("claim")),
    Visit("staff", "aids:staff_schemes"),
    Visit("staff", "aids:staff_scheme_funding", kwargs=_slug("scheme")),
    Visit("staff", "aids:staff_detail", "submitted", _pk("submitted")),
    Visit("staff", "aids:staff_detail", "documents requested", _pk("awaiting")),
    Visit("staff", "aids:staff_detail", "granted and paid", _pk("granted")),
    Visit("staff", "aids:staff_detail", "refused", _pk("refused")),
    Visit("staff", "resources:staff_queue"),
    Visit("staff", "resources:staff_review", "to review", _pk("resource_proposal")),
    Visit("staff", "resources:staff_review", "published", _pk("resource_link")),
    Visit("staff", "organisations:staff_list"),
    Visit("staff", "organisations:staff_agents", "with agents", lambda demo: {"slug": "lozere-developpement"}),
    Visit("staff", "organisations:staff_agents", "closed", lambda demo: {"slug": "mdecs"}),
    Visit("staff", "accompaniment:staff_profiles"),
    Visit("staff", "accompaniment:staff_profile", "with zones", lambda demo: {"slug": "lozere-developpement"}),
    Visit("staff", "accompaniment:staff_profile", "a Pays", lambda demo: {"slug": "pays-gorges-causses-cevennes"}),
    Visit("staff", "accompaniment:staff_to_route"),
    Visit("staff", "accompaniment:staff_unanswered"),
    Visit("staff", "accompaniment:staff_absences"),
    Visit(
        "staff",
        "accompaniment:staff_request",
        "open, two organisations, a topic left",
        lambda demo: {"reference": demo.request.reference},
    ),
    Visit(
        "staff",
        "accompaniment:staff_request",
        "unrouted, with a hand-over note",
        lambda demo: {"reference": demo.unrouted_request.reference},
    ),
    Visit("staff", "admin:index"),
]
# Seen while logging in, not by going to them.
SEEN_WHILE_LOGGING_IN = {"mfa_authenticate"}


def named_get_routes() -> set[str]:
    """Every named route of the URLconf, with its namespace."""
    names: set[str] = set()

    def walk(patterns: list[Any], namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace
                walk(pattern.url_patterns, f"{namespace}:{inner}" if namespace and inner else inner or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, "")
    return names


def test_every_page_is_visited_or_excluded() -> None:
    routes = named_get_routes()
    covered = {visit.route for visit in VISITS} | SEEN_WHILE_LOGGING_IN | set(EXCLUDED)
    missing = sorted(
        name for name in routes - covered if name.split(":")[0] not in EXCLUDED_NAMESPACES or ":" not in name
    )
    assert missing == [], (
        "Pages neither visited nor excluded (with a reason) in tests/browser/test_page_widths.py: "
        + (", ".join(missing))
    )
    unknown = sorted(covered - routes)
    assert unknown == [], f"Routes that no longer exist: {', '.join(unknown)}"


# --- The content ----------------------------------------------------------------------------------------------------


def _photo(size: tuple[int, int], colour: tuple[int, int, int]) -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG")
    return SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")


def _ready_draft(user: Any, scheme: Any, *, first_name: str, siret: str) -> Any:
    draft = aid_services.application_save_draft(
        user=user, scheme=scheme, data=draft_data(scheme, first_name=first_name, siret=siret)
    )
    for line in draft.expenses.all():
        aid_services.document_add(user=user, application=draft, kind="quote", upload=pdf(), expense_line=line)
    aid_services.document_add(
        user=user, application=draft, kind="proof_of_address", upload=pdf("facture-electricite-avril-2026.pdf")
    )
    return draft


def _submitted(user: Any, scheme: Any, *, first_name: str, siret: str) -> Any:
    draft = _ready_draft(user, scheme, first_name=first_name, siret=siret)
    return aid_services.application_submit(
        user=user, application=draft, accuracy=True, rules_accepted=True, no_double_funding=True
    )


def build_demo(*, member: Any, manager: Any, company: Any, staff: Any) -> SimpleNamespace:
    """Demo-like content, through the real commands and use cases."""
    from solozere.aids.models import AidScheme
    from solozere.aids.reference import TELEWORK_AID_SLUG

    demo = SimpleNamespace()
    for command in (
        "load_aid_schemes",
        "import_places",
        "load_demo",
        "label_demo_places",
        "load_organisations",
        "load_accompaniment",
    ):
        call_command(command, stdout=StringIO())
    # Partner organisations: an agent with a long address, a profile with zones of every kind.
    from solozere.accompaniment.models import PartnerProfile
    from solozere.organisations.models import Organisation, OrganisationAgent
    from solozere.territory.models import Zone

    developpement = Organisation.objects.get(slug="lozere-developpement")
    OrganisationAgent.objects.create(
        organisation=developpement,
        user=UserFactory(
            email="charge.de.mission.accueil.des.nouveaux.arrivants@lozere-developpement.example",
            first_name="Marie-Hélène",
            last_name="Bonnefoux-Chabrol",
        ),
    )
    PartnerProfile.objects.get(organisation=developpement).zones.set(Zone.objects.all())

    # Places: real ones, demo ones with photos, a labelled Comptoir, a pending adhesion, a tiers-lieu to adhere.
    demo.real = Place.objects.filter(is_demo=False).order_by("slug").first()
    demo.photo_place = Place.objects.filter(is_demo=True).order_by("slug").first()
    for index, size in enumerate([(2000, 1500), (1200, 1600), (1600, 900)]):
        place_photo_add(
            actor=None,
            place=demo.photo_place,
            image_file=_photo(size, (40 + 60 * index, 120, 60)),
            alt_text=f"Vue {index + 1} de l'espace de travail",
        )
    demo.complete = PlaceFactory(complete=True, name="Télécentre intercommunal du Cœur de Lozère à Mende")
    demo.labelled = member_place(
        manager,
        staff,
        name="Comptoir de la Maison des services au public de Saint-Chély-d'Apcher",
        website="https://www.un-site-au-nom-de-domaine-vraiment-tres-long-pour-voir.example/page/de/presentation",
        email="contact.du.comptoir.de.saint-chely-dapcher@un-domaine-long.example",
    )
    place_photo_add(
        actor=manager, place=demo.labelled, image_file=_photo((1600, 1200), (90, 90, 160)), alt_text="Salle"
    )
    demo.approved_adhesion = demo.labelled.memberships.get()
    telecentre = telecentre_ready(name="Télécentre en attente de label")
    telecentre.managers.add(manager)
    demo.pending = apply_for(telecentre, manager)
    demo.tiers_lieu = comptoir_ready(name="Tiers-lieu du Causse", kind=PlaceKind.TIERS_LIEU)
    demo.tiers_lieu.managers.add(manager)
    demo.correction = place_correction_submit(
        place=demo.labelled,
        field="opening_hours",
        proposed_value="Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00; PH off",
        reason="Les horaires affichés sur la porte ont changé depuis septembre.",
    )

    # Bookings: desks to approve and a room at the complete telecentre, which the manager runs, a booking of the member's waiting there.
    demo.complete.managers.add(manager)
    demo.desks = ResourceFactory(place=demo.complete, name="Open space de l'étage", requires_approval=True)
    ResourceFactory(place=demo.complete, room=True, name="Salle de réunion du rez-de-chaussée, vidéoprojecteur")
    day = timezone.localdate() + dt.timedelta(days=2)
    while not availability.day_plan(expression=demo.complete.opening_hours, day=day).is_open:
        day += dt.timedelta(days=1)
    demo.booking = booking_request(actor=member, resource=demo.desks, start_date=day, note="J'arrive vers 9 h 30.")
    # The member waited for the office, which someone else gave back: the offer runs.
    office = ResourceFactory(place=demo.complete, office=True, name="Bureau du fond, fenêtre sur le Lot")
    holder = MembershipFactory(approved=True).user
    held = booking_request(actor=holder, resource=office, start_date=day, half="am")
    demo.waitlist = waitlist_join(actor=member, resource=office, start_date=day, half="am")
    booking_cancel(actor=holder, booking=held)
    waitlist_offer_round(resource=office)

    # The community: the member, others in the directory, a message, a report, an application to review.
    for _ in range(4):
        MembershipFactory(approved=True, listed=True, all_public=True, skills=["Python", "Cartographie"])
    demo.other_member = MembershipFactory(
        approved=True, listed=True, all_public=True, bio="Ligne 1\nLigne 2", skills=["Accessibilité numérique"]
    )
    demo.message = ContactMessageFactory(
        sender=demo.other_member.user,
        recipient=member,
        subject="Un café au télécentre jeudi ?",
        body="Bonjour, je passe à Mende jeudi : https://www.exemple-de-lien-tres-long.example/un/chemin/sans/espace",
    )
    ReportFactory(membership=demo.other_member)
    demo.application = MembershipFactory(info_requested=True)
    # Presence: two members at the labelled Comptoir today, one named; the member's own day there.
    for person, visible in (
        (demo.other_member.user, True),
        (MembershipFactory(approved=True).user, False),
        (member, True),
    ):
        check_in_record(user=person, place=demo.labelled, visible_to_members=visible)

    # The telework aid, in every state, with expense lines and documents.
    demo.scheme = AidScheme.objects.get(slug=TELEWORK_AID_SLUG)
    demo.scheme.budget_envelope = Decimal("30000")
    demo.scheme.envelope_to_confirm = False
    demo.scheme.save()
    sirets = ["73282932000074", "44306184100047"]
    for siret in sirets:
        represent(company, siret)
    demo.draft = aid_services.application_save_draft(
        user=company, scheme=demo.scheme, data=draft_data(demo.scheme, first_name="Brouillon", siret=sirets[0])
    )
    demo.submitted = _submitted(company, demo.scheme, first_name="Anne", siret=sirets[0])
    demo.awaiting = _submitted(company, demo.scheme, first_name="Bruno", siret=sirets[1])
    aid_services.application_request_documents(
        actor=staff, application=demo.awaiting, message="Le devis du bureau n'est pas lisible : merci de le renvoyer."
    )
    demo.granted = _submitted(company, demo.scheme, first_name="Chloé", siret=sirets[0])
    demo.granted = aid_services.application_accept(actor=staff, application=demo.granted, amount=Decimal("2400"))
    aid_services.application_record_payment(
        actor=staff,
        application=demo.granted,
        paid_on=timezone.localdate(demo.granted.decided_at),
        amount=Decimal("1200"),
    )
    demo.refused = _submitted(company, demo.scheme, first_name="Denis", siret=sirets[1])
    demo.refused = aid_services.application_refuse(
        actor=staff, application=demo.refused, motive="Le salarié travaillait déjà à domicile avant la demande."
    )
    # A draft for a company she does not represent yet (she may ask to), and someone else's claim for the staff.
    unproven = aid_services.application_save_draft(
        user=company, scheme=demo.scheme, data=draft_data(demo.scheme, first_name="Élise", siret="55208131766522")
    )
    demo.unproven_company = unproven.company
    claimed: Any = CompanyFactory(name="Scierie des Boutières")
    demo.claim = aid_services.claim_file(
        user=UserFactory(email="gerant@scierie.example"),
        company=claimed,
        proof="document",
        upload=pdf("extrait-kbis-2026.pdf"),
        role_in_company="gérant",
    )

    # The resource centre: a demo document, a link from an event with a long address, a proposal to review.
    demo.resource_document = resource_services.item_publish(
        actor=staff,
        item=resource_services.item_propose(
            actor=member,
            data=resource_proposal(
                title="Modèle de charte de télétravail pour une petite entreprise du Causse Méjean (démo)",
                url="",
                upload=pdf("modele-charte.pdf"),
                is_demo=True,
                topics=["agreement", "setting_up", "law_health", "management"],
                audiences=["company", "employee", "teleworker", "local_authority", "job_seeker"],
            ),
        ),
    )
    demo.resource_link = resource_services.item_publish(
        actor=staff,
        item=resource_services.item_propose(
            actor=member,
            data=resource_proposal(
                title="Intervention : télétravailler depuis un télécentre",
                kind="event_contribution",
                url="https://www.un-site-au-nom-de-domaine-vraiment-tres-long-pour-voir.example/rencontres/2011/atelier",
                source_event_title="Rencontres du télétravail d'Aumont-Aubrac",
                source_url="https://www.un-site-au-nom-de-domaine-vraiment-tres-long-pour-voir.example/rencontres",
                licence="other",
                licence_other="Reproduction autorisée avec mention de la source et de la date de l'intervention",
            ),
        ),
    )
    demo.resource_proposal = resource_services.item_propose(
        actor=member, data=resource_proposal(title="Guide des outils de visioconférence libres")
    )

    # Keys that the e-mails would carry.
    unconfirmed = UserFactory(unverified=True, email="nouvelle@example.org")
    demo.confirmation_key = EmailConfirmationHMAC(EmailAddress.objects.get(user=unconfirmed)).key
    demo.reset_key = {"uidb36": user_pk_to_url_str(member), "key": default_token_generator.make_token(member)}

    # The agenda: an event held in a place of the network.
    from tests.events.factories import EventSiteFactory

    demo.event = EventSiteFactory(place=demo.complete, event__title="Petit-déjeuner des télétravailleurs").event
    from solozere.events.recurrence import Frequency
    from solozere.events.services import Organiser, SiteData, series_create

    start = timezone.localtime() + dt.timedelta(days=7)
    demo.series = series_create(
        actor=staff,
        organiser=Organiser(),
        fields={
            "title": "Café du télétravail",
            "kind": "petit_dejeuner",
            "starts_at": start.replace(hour=8, minute=30, second=0, microsecond=0),
            "ends_at": start.replace(hour=10, minute=0, second=0, microsecond=0),
        },
        sites=[SiteData(kind="place", place=demo.complete, capacity=8)],
        frequency=Frequency.MONTHLY_WEEKDAY,
        count=3,
    )
    # Its registrations: the place organises it; the member is registered, a second seat is offered from the
    # waiting list, a visitor has still to confirm; one question, answered at length.
    from solozere.events import services_registration as registrations
    from solozere.events.models import QuestionKind
    from tests.events.factories import QuestionFactory

    demo.event.organiser_place = demo.complete
    demo.event.save()
    demo.event_site = demo.event.sites.get()
    demo.event_site.capacity = 2
    demo.event_site.save()
    question = QuestionFactory(
        event=demo.event,
        label="Avez-vous un régime alimentaire particulier, ou une allergie dont l'accueil doit être prévenu ?",
        kind=QuestionKind.TEXT,
    )
    answer = {str(question.pk): "Sans gluten, et un café allongé sans sucre s'il vous plaît, merci d'avance !"}
    demo.registration = registrations.registration_register(actor=member, site=demo.event_site, answers=answer)
    leaving = registrations.registration_register(actor=UserFactory(), site=demo.event_site)
    demo.offered = registrations.registration_register(
        actor=UserFactory(email="une.adresse.vraiment.tres.longue.pour.voir@un-domaine-long.example"),
        site=demo.event_site,
    )
    registrations.registration_cancel(registration=leaving)
    demo.offered.refresh_from_db()
    demo.pending_registration = registrations.registration_request(
        site=demo.event_site, name="Visiteuse sans compte", email="visiteuse@example.org"
    ).registration
    _contributions(demo, member=member)
    _accompaniment(demo)
    return demo


def _accompaniment(demo: Any) -> None:
    """A project request open at two organisations (the lead's answer, the person's reply, a topic left to staff),
    and a visitor's still to confirm. Rows written directly: the pages are measured, not the routing."""
    from solozere.accompaniment.models import Assignment, Message, MessageSender, ProjectRequest
    from solozere.territory.models import Commune
    from tests.accompaniment.request_helpers import partner

    commune = Commune.objects.get(name="Saint-Alban-sur-Limagnole", kind=Commune.Kind.CURRENT)
    lead = partner("Communauté de communes des Terres d'Apcher-Margeride-Aubrac", ["moving"], communes=[commune])
    other = partner("Lozère Développement, animateur du centre de ressources TIC de POLeN", ["partner_employment"])
    now = timezone.now()
    common = {
        "requester_kind": "newcomer",
        "name": "Marie-Christine Delacroix-Vaissade",
        "email": "marie-christine.delacroix-vaissade@un-fournisseur-tres-long.example",
        "commune": commune,
        "commune_typed": "Saint-Alban-sur-Limagnole",
        "topics": ["moving", "workplace", "partner_employment", "farming"],
        "description": "Nous quittons Lyon au printemps avec deux enfants ; je télétravaille trois jours par semaine "
        "et cherche un télécentre à moins de vingt minutes, mon conjoint cherche un poste de comptable.\n" * 5,
        "consented_at": now,
    }
    demo.request = ProjectRequest.objects.create(
        status="open", confirmed_at=now, routed_at=now, unrouted_topics=["farming"], **common
    )
    reason = "Traite « S'installer en Lozère : logement, démarches » à Saint-Alban-sur-Limagnole, sur son territoire."
    Assignment.objects.create(request=demo.request, organisation=lead, status="new", is_lead=True, reason=reason)
    Assignment.objects.create(
        request=demo.request,
        organisation=other,
        status="taken",
        reason="Traite « Un emploi pour son conjoint ou sa conjointe » sur toute la Lozère.",
    )
    Message.objects.create(
        request=demo.request,
        sender=MessageSender.AGENT,
        organisation=lead,
        body="Bonjour, nous avons plusieurs logements communaux disponibles : https://www.example.org/une-adresse-"
        "tres-longue-sans-aucune-espace-pour-voir-si-elle-deborde-de-la-page",
    )
    Message.objects.create(request=demo.request, sender=MessageSender.REQUESTER, body="Merci, lundi me convient.")
    demo.pending_request = ProjectRequest.objects.create(status="pending", **common)


def _contributions(demo: Any, *, member: Any) -> None:
    """The call open on the upcoming event (the member proposed); a past rencontre of the telecentre the manager
    runs, with a proposal of the member's accepted, contributions published, and survey answers."""
    from tests.events.factories import EventFactory, EventSiteFactory, RegistrationFactory
    from tests.events.factories_contributions import ContributionFactory, SurveyResponseFactory

    demo.event.contributions_open = True
    demo.event.organiser_place = demo.complete
    demo.event.save()
    ContributionFactory(event=demo.event, proposed_by=member, title="Atelier : la visioconférence sans fatigue")
    demo.past_event = EventFactory(
        past=True,
        organiser_place=demo.complete,
        title="Rencontres du télétravail en Lozère : ce que le réseau a changé pour les travailleurs isolés",
        contributions_note="Les supports sont publiés avec l'accord des intervenants.",
    )
    site = EventSiteFactory(event=demo.past_event, place=demo.complete, capacity=40)
    demo.accepted_contribution = ContributionFactory(
        event=demo.past_event, proposed_by=member, accepted=True, title="Mon année au télécentre"
    )
    ContributionFactory(event=demo.past_event, proposed_by=member, declined=True, title="Une proposition déclinée")
    ContributionFactory(
        event=demo.past_event,
        published=True,
        title="Le télétravail salarié en milieu rural : accords, équipement, droit à la déconnexion",
        speaker="Jeanne Pagès, Camille Martin",
        organisation_name="Maison de l'emploi et de la cohésion sociale",
        file_name="support-tres-long-nom-de-fichier-rencontres-du-teletravail-aumont-aubrac-2026.pdf",
        link="https://video.example/une/adresse/de/video/vraiment/tres/longue/qui/ne/doit/pas/deborder/de/l-ecran",
        notes="Ligne 1\nLigne 2",
    )
    ContributionFactory(
        event=demo.past_event, published=True, kind="video", file="", file_name="", link="https://v.example/a"
    )
    for rating, useful in [(5, True)] * 5 + [(4, True)] * 5 + [(2, False)]:
        SurveyResponseFactory(
            registration=RegistrationFactory(site=site, attended=True), rating=rating, useful=useful, comment="Bien"
        )
    demo.survey_token = RegistrationFactory(site=site, attended=True).token


# --- The browser ----------------------------------------------------------------------------------------------------

# What overflows: the innermost elements sticking out of the window, not inside a box that scrolls or clips.
MEASURE = """() => {
  const width = window.innerWidth;
  const result = {scrollWidth: document.documentElement.scrollWidth, innerWidth: width, culprits: []};
  if (result.scrollWidth <= width) return result;
  const clipped = (element) => {
    for (let box = element.parentElement; box && box !== document.body; box = box.parentElement) {
      const overflow = getComputedStyle(box).overflowX;
      if (overflow !== "visible" && box.getBoundingClientRect().right <= width + 0.5) return true;
    }
    return false;
  };
  const over = [...document.body.querySelectorAll("*")].filter((element) => {
    const rect = element.getBoundingClientRect();
    return rect.width > 0 && rect.right > width + 0.5 && !clipped(element);
  });
  const overSet = new Set(over);
  const innermost = over.filter((element) => ![...element.children].some((child) => overSet.has(child)));
  const describe = (element) => {
    const rect = element.getBoundingClientRect();
    let name = element.tagName.toLowerCase();
    if (element.id) name += "#" + element.id;
    if (typeof element.className === "string" && element.className.trim())
      name += "." + element.className.trim().split(/\\s+/).join(".");
    const parent = element.parentElement;
    let path = name;
    if (parent) {
      let parentName = parent.tagName.toLowerCase();
      if (parent.id) parentName += "#" + parent.id;
      else if (typeof parent.className === "string" && parent.className.trim())
        parentName += "." + parent.className.trim().split(/\\s+/)[0];
      path = parentName + " > " + name;
    }
    const text = (element.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 40);
    return `${path} [left ${Math.round(rect.left)}, width ${Math.round(rect.width)}]${text ? " «" + text + "»" : ""}`;
  };
  result.culprits = innermost.slice(0, 4).map(describe);
  return result;
}"""


@dataclass
class Findings:
    overflowing: list[str] = field(default_factory=list)
    unreached: list[str] = field(default_factory=list)
    visited: int = 0


def _screenshots_dir() -> Path | None:
    folder = os.environ.get("SOLOZERE_SCREENSHOTS")
    if not folder:
        return None
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    return path


def _measure(page: Any, size: str, role: str, name: str, findings: Findings, shots: Path | None) -> None:
    findings.visited += 1
    found = page.evaluate(MEASURE)
    if found["scrollWidth"] > found["innerWidth"]:
        culprits = "; ".join(found["culprits"]) or "?"
        findings.overflowing.append(
            f"{size} {role} {name} {urlsplit(page.url).path}: {found['scrollWidth']} px > {found['innerWidth']}"
            f" — {culprits}"
        )
    if shots is not None:
        file_name = "".join(c if c.isalnum() or c in "-_" else "_" for c in f"{size}-{role}-{name}")
        page.screenshot(path=str(shots / f"{file_name}.png"), full_page=True)


def _context(browser: Any, base_url: str, size: str) -> Any:
    width, height = SIZES[size]
    context = browser.new_context(base_url=base_url, locale="fr-FR", viewport={"width": width, "height": height})

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if not url.startswith(base_url):
            request_route.abort()  # never the network (tiles, CDN)
        elif urlsplit(url).path.startswith(settings.MEDIA_URL):
            # The test server does not serve the public media (DEBUG off): the photos come from MEDIA_ROOT.
            path = Path(settings.MEDIA_ROOT) / urlsplit(url).path.removeprefix(settings.MEDIA_URL)
            if path.is_file():
                request_route.fulfill(path=str(path))
            else:
                request_route.fulfill(status=404)
        else:
            request_route.continue_()

    context.route("**/*", route)
    return context


_used_codes: set[tuple[str, int]] = set()


def _log_in(page: Any, email: str, on_second_factor: Callable[[], None]) -> None:
    page.goto("/compte/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Se connecter").click()
    if "/compte/2fa/authenticate/" in page.url:
        on_second_factor()
        while (email, int(time.time()) // TOTP_PERIOD) in _used_codes or time.time() % TOTP_PERIOD > TOTP_PERIOD - 3:
            time.sleep(0.5)
        _used_codes.add((email, int(time.time()) // TOTP_PERIOD))
        page.fill("input[name=code]", totp_code())
        with page.expect_navigation():
            page.get_by_role("button", name="Se connecter").click()
    assert page.get_by_role("button", name="Se déconnecter").count() == 1, f"{email} could not log in"


@pytest.mark.browser
def test_no_page_is_wider_than_the_window(browser, live_server, transactional_db, territory, charter_v1):  # type: ignore[no-untyped-def]
    member = MembershipFactory(approved=True, listed=True, first_name="Maëlle", last_name="Bonnefoux").user
    manager = UserFactory(email="gestionnaire@example.org", first_name="Jeanne", last_name="Pagès")
    company = UserFactory(email="dirigeante@entreprise.example", first_name="Lucie", last_name="Vidal")
    staff: dict[str, Any] = {
        size: UserFactory(staff=True, email=f"equipe-{size}@solozere.fr", first_name="Inès", last_name="Truc")
        for size in SIZES
    }
    demo = build_demo(member=member, manager=manager, company=company, staff=staff["phone"])
    # A long name and a revoked token: the token page's list at its widest.
    api_token_create(user=member, label="Synchronisation de l'agenda partagé de l'équipe du télécentre de Mende")
    api_token_revoke(user=member, token=api_token_create(user=member, label="Ancien script")[0])
    for user in staff.values():
        RecoveryCodes.activate(user)
    agent = UserFactory(email="agent@partenaire.example", first_name="Paul", last_name="Agent")
    organisation = OrganisationAgentFactory(user=agent, organisation__name="Lozère Développement (essai)").organisation
    demo.partner_request = AssignmentFactory(
        organisation=organisation,
        request__description="Installation à Saint-Alban-sur-Limagnole ; un télécentre proche et un emploi pour mon "
        "conjoint, qui travaille dans le bâtiment.\n\nNous arrivons au printemps.",
    )
    # Left to staff: nobody covers it; an earlier part handed over, with its internal note (the staff's page of it).
    demo.unrouted_request = ProjectRequestFactory(
        status="unrouted",
        topics=["farming", "moving"],
        unrouted_topics=["farming", "moving"],
        commune_typed="Saint-Germain-du-Teil",
        description="Reprise d'une exploitation ovine et installation de la famille à l'automne.",
    )
    AssignmentFactory(request=demo.unrouted_request, organisation=organisation, status="handed_over", is_lead=False)
    Message.objects.create(
        request=demo.unrouted_request,
        sender="agent",
        organisation=organisation,
        internal=True,
        body="Nous ne couvrons pas l'agriculture : la Chambre d'agriculture serait mieux placée.",
    )
    demo.answer_token = answer_token(assignment=demo.partner_request, agent_id=agent.pk)
    demo.partner_request = demo.partner_request.request
    demo.closed_request = AssignmentFactory(
        organisation=organisation, status="done", request__status="closed", request__closed_at=timezone.now()
    ).request
    accounts: dict[str, Any] = {"member": member, "manager": manager, "company": company, "agent": agent}
    shots = _screenshots_dir()
    findings = Findings()

    started = time.monotonic()
    for size in SIZES:
        for role in ("visitor", "member", "manager", "company", "agent", "staff"):
            context = _context(browser, live_server.url, size)
            page = context.new_page()
            page.set_default_timeout(15_000)
            if role != "visitor":
                user = staff[size] if role == "staff" else accounts[role]
                _log_in(page, user.email, lambda: _measure(page, size, role, "mfa_authenticate", findings, shots))  # noqa: B023
            for visit in (visit for visit in VISITS if visit.role == role):
                url = visit.url(demo)
                response = page.goto(url)
                if visit.route.startswith("mfa_") and urlsplit(page.url).path == reverse("account_reauthenticate"):
                    # Changing the second factor asks for the password again, as it should.
                    page.fill("input[name=password]", PASSWORD)
                    with page.expect_navigation():
                        page.locator("main form [type=submit]").first.click()
                    response = page.goto(url)
                expected = urlsplit(url).path
                reached = urlsplit(page.url).path
                if response is None or response.status != 200 or (visit.same_path and reached != expected):
                    status = response.status if response else "no response"
                    findings.unreached.append(f"{size} {role} {visit.name} {url}: {status} at {reached}")
                    continue
                if visit.route == "api:openapi-view":
                    page.wait_for_selector(".swagger-ui .info")  # measured once Swagger UI has drawn the schema
                _measure(page, size, role, visit.name, findings, shots)
            context.close()

    report = [f"{findings.visited} pages measured in {time.monotonic() - started:.0f} s."]
    if findings.unreached:
        report += ["Pages not reached (the test must see them):", *findings.unreached]
    if findings.overflowing:
        report += ["Pages wider than the window:", *findings.overflowing]
    assert not findings.unreached and not findings.overflowing, "\n".join(report)
