import pytest
from django.core import mail
from django.urls import reverse

from solozere.community.models import ContactMessage, Report, Visibility
from solozere.community.services import CONTACT_MESSAGES_PER_DAY
from solozere.territory.models import Commune
from tests.accounts.factories import UserFactory
from tests.community.factories import ContactMessageFactory, MembershipFactory

pytestmark = pytest.mark.django_db

FIELDS = ("name", "commune", "status", "occupation", "sector", "skills", "interests", "bio")


def profile_url(membership):
    return reverse("community:profile", args=[membership.public_id])


def test_the_directory_lists_only_running_listed_profiles(client, member):
    shown = MembershipFactory(approved=True, listed=True, occupation="Cartographe")
    MembershipFactory(approved=True, listed=False, occupation="Menuisière")
    MembershipFactory(listed=True, occupation="Apicultrice")  # pending
    MembershipFactory(lapsed=True, listed=True, occupation="Luthier")
    MembershipFactory(approved=True, listed=True, hidden_by_staff=True, occupation="Escroc")
    client.force_login(member)
    page = client.get(reverse("community:directory")).content.decode()
    assert shown.occupation in page
    for hidden in ("Menuisière", "Apicultrice", "Luthier", "Escroc"):
        assert hidden not in page


def test_each_viewer_sees_only_the_fields_shown_to_them(client, staff_user):
    target = MembershipFactory(
        approved=True,
        listed=True,
        first_name="Apolline",
        last_name="Vernhet",
        occupation="Géomaticienne",
        bio="Passionnée de lichens.",
        name_visibility=Visibility.PUBLIC,
        occupation_visibility=Visibility.MEMBERS,
        bio_visibility=Visibility.STAFF,
    )
    viewer = MembershipFactory(approved=True).user
    anonymous = client.get(profile_url(target)).content.decode()
    assert "Apolline Vernhet" in anonymous
    assert "Géomaticienne" not in anonymous and "lichens" not in anonymous
    client.force_login(viewer)
    as_member = client.get(profile_url(target)).content.decode()
    assert "Géomaticienne" in as_member and "lichens" not in as_member
    client.force_login(staff_user)
    as_staff = client.get(profile_url(target)).content.decode()
    assert "Géomaticienne" in as_staff and "lichens" in as_staff


def test_a_profile_showing_nothing_publicly_does_not_exist_for_visitors(client):
    target = MembershipFactory(approved=True, listed=True)
    assert client.get(profile_url(target)).status_code == 404


def test_an_unlisted_profile_does_not_exist_for_other_members(client, member):
    target = MembershipFactory(approved=True, listed=False, all_public=True)
    assert client.get(profile_url(target)).status_code == 404
    client.force_login(member)
    assert client.get(profile_url(target)).status_code == 404
    client.force_login(target.user)
    assert client.get(profile_url(target)).status_code == 200  # one's own, to check it


def test_a_field_a_member_hid_never_appears_anywhere(client, territory, staff_user):
    secret = {
        "first_name": "Zéphyrine",
        "last_name": "Quelzac",
        "occupation": "Xylographe",
        "bio": "Je collectionne les ammonites.",
    }
    target = MembershipFactory(
        approved=True,
        listed=True,
        commune=Commune.objects.get(name="Javols"),
        status="job_seeker",
        sector="tourism",
        skills=["Paléontologie"],
        **secret,
        # Everything staff-only but the occupation, so that the profile is listed and reachable.
        **{f"{field}_visibility": Visibility.STAFF for field in FIELDS if field != "occupation"},
        occupation_visibility=Visibility.MEMBERS,
    )
    target.interests.set([])
    member_viewer = MembershipFactory(approved=True, listed=True).user
    ContactMessageFactory(sender=target.user, recipient=member_viewer, subject="Salut", body="Un café ?")
    hidden_words = ["Zéphyrine", "Quelzac", "ammonites", "Paléontologie", "Javols", target.user.email]
    pages = {
        "anonymous": [
            "/",
            reverse("community:index"),
            profile_url(target),
            "/api/v1/stats/community",
        ],
        "member": [
            reverse("community:directory"),
            reverse("community:directory") + "?skill=paleo",
            reverse("community:directory") + "?commune=48076",  # Javols, by its INSEE code
            reverse("community:directory") + "?status=job_seeker",
            profile_url(target),
            reverse("community:contact", args=[target.public_id]),
            reverse("community:profile_report", args=[target.public_id]),
            reverse("community:inbox"),
            reverse("accounts:personal_data_export"),
            "/api/v1/stats/community",
        ],
    }
    for role, urls in pages.items():
        client.logout()
        if role == "member":
            client.force_login(member_viewer)
        for url in urls:
            response = client.get(url)
            assert response.status_code in (200, 404), (role, url, response.status_code)
            body = response.content.decode()
            for word in hidden_words:
                assert word not in body, (role, url, word)
    # Searching on a hidden field finds nothing, so it cannot be probed either.
    client.force_login(member_viewer)
    for query in ("?skill=paleo", "?commune=Javols", "?status=job_seeker"):
        page = client.get(reverse("community:directory") + query).content.decode()
        assert "Xylographe" not in page, query
    # Staff see everything.
    client.force_login(staff_user)
    staff_page = client.get(reverse("community:directory") + "?skill=paleo").content.decode()
    assert "Zéphyrine Quelzac" in staff_page and "Xylographe" in staff_page


def test_search_by_skill_commune_old_name_and_status(client, territory, member):
    javols = Commune.objects.get(name="Javols")
    found = MembershipFactory(
        approved=True,
        listed=True,
        commune=javols,
        status="employee",
        skills=["Cartographie SIG"],
        occupation="Cartographe-Alpha",
    )
    MembershipFactory(
        approved=True, listed=True, status="freelance", skills=["Comptabilité"], occupation="Comptable-Beta"
    )
    client.force_login(member)
    directory = reverse("community:directory")
    assert "Cartographe-Alpha" in client.get(directory + "?skill=carto").content.decode()
    assert "Comptable-Beta" not in client.get(directory + "?skill=carto").content.decode()
    for place in ("Javols", "Peyre en Aubrac", "48076"):
        page = client.get(directory, {"commune": place}).content.decode()
        assert "Cartographe-Alpha" in page and "Comptable-Beta" not in page, place
    page = client.get(directory, {"status": "employee"}).content.decode()
    assert "Cartographe-Alpha" in page and "Comptable-Beta" not in page
    assert found.public_id


def test_an_ambiguous_commune_search_asks_which_one_and_keeps_the_text(client, territory, member):
    client.force_login(member)
    page = client.get(reverse("community:directory"), {"commune": "48200", "skill": "<b>gras</b>"}).content.decode()
    assert "correspond à plusieurs communes" in page
    assert 'value="48200"' in page
    assert "&lt;b&gt;gras&lt;/b&gt;" in page and "<b>gras</b>" not in page


def test_the_directory_costs_the_same_with_more_profiles(client, member, django_assert_max_num_queries):
    MembershipFactory.create_batch(3, approved=True, listed=True, skills=["Python"])
    client.force_login(member)
    with django_assert_max_num_queries(12):
        client.get(reverse("community:directory"))
    MembershipFactory.create_batch(12, approved=True, listed=True, skills=["Python", "Rust"])
    with django_assert_max_num_queries(12):
        client.get(reverse("community:directory"))


class TestRelayedMessages:
    def test_a_message_is_relayed_without_either_address(self, client, member, on_commit):
        target = MembershipFactory(approved=True, listed=True, occupation_visibility=Visibility.MEMBERS)
        client.force_login(member)
        page = client.get(reverse("community:contact", args=[target.public_id])).content.decode()
        assert target.user.email not in page
        with on_commit(execute=True):
            response = client.post(
                reverse("community:contact", args=[target.public_id]),
                {"subject": "Covoiturage", "body": "On partage la route de Mende le mardi ?"},
            )
        assert response.status_code == 302
        (email,) = mail.outbox
        assert email.to == [target.user.email]
        assert member.email not in email.body and member.email not in str(email.message())
        assert email.reply_to == []
        assert "On partage la route de Mende" in email.body
        message = ContactMessage.objects.get()
        assert reverse("community:message_reply", args=[message.pk]) in email.body
        assert (message.sender, message.recipient) == (member, target.user)

    def test_the_recipient_answers_through_the_site(self, client, member, on_commit):
        target = MembershipFactory(approved=True, listed=True)
        original = ContactMessageFactory(sender=member, recipient=target.user, subject="Covoiturage")
        client.force_login(target.user)
        page = client.get(reverse("community:message_reply", args=[original.pk])).content.decode()
        assert member.email not in page
        assert "Re : Covoiturage" in page
        with on_commit(execute=True):
            response = client.post(
                reverse("community:message_reply", args=[original.pk]),
                {"subject": "Re : Covoiturage", "body": "Avec plaisir, départ 8 h."},
            )
        assert response.status_code == 302
        (email,) = mail.outbox
        assert email.to == [member.email]
        assert target.user.email not in str(email.message())
        assert ContactMessage.objects.get(in_reply_to=original).sender == target.user

    def test_only_the_recipient_may_answer_or_report_a_message(self, client, member):
        message = ContactMessageFactory(recipient=MembershipFactory(approved=True).user)
        client.force_login(member)
        assert client.get(reverse("community:message_reply", args=[message.pk])).status_code == 404
        assert client.get(reverse("community:message_report", args=[message.pk])).status_code == 404

    def test_one_cannot_write_to_oneself_or_to_an_unlisted_member(self, client, member):
        client.force_login(member)
        assert client.get(reverse("community:contact", args=[member.membership.public_id])).status_code == 404
        unlisted = MembershipFactory(approved=True, listed=False)
        assert client.get(reverse("community:contact", args=[unlisted.public_id])).status_code == 404

    def test_the_daily_limit_stops_a_flood(self, client, member):
        target = MembershipFactory(approved=True, listed=True)
        ContactMessageFactory.create_batch(CONTACT_MESSAGES_PER_DAY, sender=member, recipient=target.user)
        client.force_login(member)
        response = client.post(
            reverse("community:contact", args=[target.public_id]),
            {"subject": "Encore", "body": "Encore un message de trop."},
        )
        assert response.status_code == 429
        assert "réessayez demain" in response.content.decode()
        assert "Encore un message de trop." in response.content.decode()


class TestReports:
    def test_a_member_reports_a_profile_and_staff_hide_it(self, client, member, staff_user, on_commit):
        target = MembershipFactory(approved=True, listed=True, bio="Achetez mes crypto-monnaies")
        client.force_login(member)
        with on_commit(execute=True):
            response = client.post(
                reverse("community:profile_report", args=[target.public_id]),
                {"reason": "spam", "details": "Démarchage."},
            )
        assert response.status_code == 302
        report = Report.objects.get()
        assert report.membership == target and "crypto-monnaies" in report.reported_text
        assert mail.outbox[-1].to == ["contact@solozere.fr"]
        client.force_login(staff_user)
        assert "crypto-monnaies" in client.get(reverse("community:reports")).content.decode()
        response = client.post(
            reverse("community:report_resolve", args=[report.pk]), {"note": "Profil masqué.", "hide_profile": "on"}
        )
        assert response.status_code == 302
        target.refresh_from_db()
        assert target.hidden_by_staff
        report.refresh_from_db()
        assert (report.state, report.handled_by) == ("closed", staff_user)
        client.force_login(member)
        assert client.get(profile_url(target)).status_code == 404

    def test_a_recipient_reports_a_message(self, client, member):
        message = ContactMessageFactory(recipient=member, body="Message insultant")
        client.force_login(member)
        response = client.post(reverse("community:message_report", args=[message.pk]), {"reason": "inappropriate"})
        assert response.status_code == 302
        report = Report.objects.get()
        assert report.message == message and "Message insultant" in report.reported_text

    def test_resolving_without_a_note_is_refused_in_french(self, client, staff_user):
        from tests.community.factories import ReportFactory

        report = ReportFactory()
        client.force_login(staff_user)
        response = client.post(reverse("community:report_resolve", args=[report.pk]), {"note": ""})
        assert response.status_code == 200
        assert "Ce champ est obligatoire" in response.content.decode()
        report.refresh_from_db()
        assert report.state == "open"

    def test_the_reports_queue_costs_the_same_with_more_reports(
        self, client, staff_user, django_assert_max_num_queries
    ):
        from tests.community.factories import ReportFactory

        ReportFactory.create_batch(2)
        client.force_login(staff_user)
        with django_assert_max_num_queries(10):
            client.get(reverse("community:reports"))
        ReportFactory.create_batch(10)
        with django_assert_max_num_queries(10):
            client.get(reverse("community:reports"))


def test_the_review_queue_costs_the_same_with_more_applications(client, staff_user, django_assert_max_num_queries):
    MembershipFactory.create_batch(2)
    client.force_login(staff_user)
    with django_assert_max_num_queries(10):
        client.get(reverse("community:review_queue"))
    MembershipFactory.create_batch(10)
    MembershipFactory.create_batch(5, approved=True)
    with django_assert_max_num_queries(10):
        client.get(reverse("community:review_queue"))


def test_a_plain_user_messages_page_lists_nothing_of_others(client):
    user = UserFactory()
    ContactMessageFactory()
    client.force_login(user)
    page = client.get(reverse("community:inbox")).content.decode()
    assert "Aucun message reçu." in page and "Aucun message envoyé." in page
