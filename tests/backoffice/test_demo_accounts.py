"""Demo accounts: one per role, one shared password, listed by a command, never counted, never in production, and
removed with the rest of the demo by delete_demo."""

from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from solozere.accounts.models import User
from solozere.backoffice.demo_accounts import ALL_DEMO_ACCOUNTS, DEMO_MEMBERS
from solozere.community.models import Membership, MembershipPeriod
from solozere.community.selectors import active_member_count, community_census, growth_series
from solozere.core.demo import DEMO_PASSWORD
from solozere.organisations.models import OrganisationAgent
from solozere.places.models import NetworkStatus, Place, PlaceKind
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(territory, charter_v1):  # type: ignore[no-untyped-def]
    call_command("load_demo", verbosity=0)
    call_command("label_demo_places", verbosity=0)
    call_command("load_demo_accounts", verbosity=0)


def test_every_demo_account_signs_in_with_the_shared_password(demo, client):
    emails = {spec.email for spec in ALL_DEMO_ACCOUNTS}
    assert set(User.objects.filter(is_demo=True).values_list("email", flat=True)) == emails
    for email in emails:
        assert EmailAddress.objects.get(email=email).verified
        assert client.login(email=email, password=DEMO_PASSWORD), email
        client.logout()


def test_each_demo_account_has_its_role(demo):
    staff = User.objects.get(email="demo-equipe@demo.solozere.invalid")
    assert staff.is_staff and not staff.is_superuser
    member = Membership.objects.get(user__email="demo-teletravailleuse@demo.solozere.invalid")
    assert member.state == "approved" and member.listed_in_directory
    manager = User.objects.get(email="demo-gestionnaire@demo.solozere.invalid")
    labelled = Place.objects.filter(is_demo=True, status=NetworkStatus.MEMBER)
    assert labelled.exists()
    assert set(manager.managed_places.all()) == set(labelled)
    assert not User.objects.get(email="demo-visiteur@demo.solozere.invalid").managed_places.exists()


def test_loading_the_demo_accounts_twice_changes_nothing(demo):
    before = (User.objects.count(), Membership.objects.count(), MembershipPeriod.objects.count())
    call_command("load_demo_accounts", verbosity=0)
    assert (User.objects.count(), Membership.objects.count(), MembershipPeriod.objects.count()) == before


def test_the_census_never_counts_a_demo_member(demo):
    assert Membership.objects.active().count() == 1 + len(DEMO_MEMBERS)
    assert active_member_count() == 0
    assert community_census().active == 0
    assert all(count == 0 for _day, count in growth_series(member_day())), "the growth chart counts the demo"


def member_day():  # type: ignore[no-untyped-def]
    from django.utils import timezone

    return timezone.localdate()


def test_the_listing_command_names_every_account_and_the_password(demo, capsys):
    call_command("demo_accounts")
    out = capsys.readouterr().out
    for spec in ALL_DEMO_ACCOUNTS:
        assert spec.email in out
    assert DEMO_PASSWORD in out


def test_delete_demo_removes_the_accounts_and_keeps_the_real_ones(demo):
    real = UserFactory()
    call_command("delete_demo", verbosity=0)
    assert not User.objects.filter(is_demo=True).exists()
    assert User.objects.filter(pk=real.pk).exists()
    assert not Membership.objects.exists()
    assert not MembershipPeriod.objects.exists(), "a demo member's year outlived the account"
    assert not Place.objects.filter(is_demo=True).exists()


def test_a_real_account_with_a_demo_address_is_never_taken_over(territory, charter_v1):
    UserFactory(email="demo-equipe@demo.solozere.invalid")
    with pytest.raises(CommandError, match="n'est pas un compte de démonstration"):
        call_command("load_demo_accounts", verbosity=0)
    assert not User.objects.get(email="demo-equipe@demo.solozere.invalid").is_staff


@pytest.mark.parametrize("command", ["load_demo", "label_demo_places", "load_demo_accounts"])
def test_demo_content_is_refused_where_settings_forbid_it(territory, charter_v1, command):
    with override_settings(DEMO_CONTENT_ALLOWED=False), pytest.raises(CommandError, match="démonstration est refusé"):
        call_command(command, verbosity=0)
    assert not Place.objects.filter(is_demo=True).exists()
    assert not User.objects.filter(is_demo=True).exists()


def test_production_settings_forbid_demo_content():
    import subprocess
    import sys

    code = "import config.settings.prod as s; print(s.DEMO_CONTENT_ALLOWED)"
    env = {"SECRET_KEY": "x" * 60, "DEMO_CONTENT_ALLOWED": "true", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)  # noqa: S603
    assert out.stdout.strip() == "False"


def test_about_thirty_demo_members_like_the_real_census(demo):
    members = Membership.objects.active().filter(user__is_demo=True)
    assert 25 <= members.count() <= 35
    assert members.values("commune").distinct().count() > 3, "every demo member lives in Mende"


def test_each_demo_telecentre_has_its_own_demo_manager(demo):
    telecentres = Place.objects.filter(is_demo=True, kind=PlaceKind.TELECENTRE)
    assert telecentres.count() == 3
    managers = [set(place.managers.values_list("email", flat=True)) for place in telecentres]
    assert all(len(emails) == 1 for emails in managers)
    assert len(set.union(*managers)) == 3
    assert all(User.objects.get(email=next(iter(emails))).is_demo for emails in managers)


def test_the_json_listing_gives_email_roles_and_password(demo, capsys):
    import json

    call_command("demo_accounts", "--json")
    rows = json.loads(capsys.readouterr().out)
    by_email = {row["email"]: row for row in rows}
    assert set(by_email) == {spec.email for spec in ALL_DEMO_ACCOUNTS}
    assert all(row["password"] == DEMO_PASSWORD for row in rows)
    assert "équipe du réseau" in by_email["demo-equipe@demo.solozere.invalid"]["roles"]
    assert by_email[DEMO_MEMBERS[0].email]["roles"] == ["membre"]
    telecentre = Place.objects.filter(is_demo=True, kind=PlaceKind.TELECENTRE).order_by("slug").first()
    assert by_email["demo-gestion-telecentre-1@demo.solozere.invalid"]["roles"] == [f"gestionnaire : {telecentre.name}"]
    assert by_email["demo-visiteur@demo.solozere.invalid"]["roles"] == ["sans rôle"]


def test_the_demo_partner_agent_acts_for_lozere_developpement_and_goes_with_delete_demo(territory, charter_v1):
    call_command("load_organisations", verbosity=0)
    for command in ("load_demo", "label_demo_places", "load_demo_accounts", "load_demo_accounts"):
        call_command(command, verbosity=0)
    agent = User.objects.get(email="demo-agent-partenaire@demo.solozere.invalid")
    slugs = set(OrganisationAgent.objects.filter(user=agent).values_list("organisation__slug", flat=True))
    assert slugs == {"lozere-developpement", "polen"}
    out = StringIO()
    call_command("demo_accounts", stdout=out)
    assert "agent : " in out.getvalue() and "Lozère Développement" in out.getvalue()
    call_command("delete_demo", verbosity=0)
    assert not OrganisationAgent.objects.filter(user__is_demo=True).exists()
    assert not OrganisationAgent.objects.exists()


def test_without_the_reference_organisations_the_agent_has_none_and_it_is_said(demo):
    out = StringIO()
    call_command("load_demo_accounts", stdout=out)
    assert "lozere-developpement absente" in out.getvalue()
