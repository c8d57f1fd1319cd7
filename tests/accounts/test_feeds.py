"""Private calendar feeds: secret addresses read without a session, reset by their owner, registered by the apps."""

import datetime as dt
from collections.abc import Iterator

import icalendar
import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from solozere.accounts import feeds
from solozere.accounts.models import FeedToken
from solozere.accounts.personal_data import personal_data_export
from solozere.core.calendar import PARIS, CalendarEvent, event_uid
from tests.accounts.factories import UserFactory
from tests.html_checker import nu_errors

RESET_URL = "/compte/agenda/reinitialiser/"

# The stand-in apps: "demo-bookings" is a feed of the person, "demo-place" one of an object they look after.
MANAGED: dict[int, set[str]] = {}


def _events(user, argument):  # type: ignore[no-untyped-def]
    start = dt.datetime(2026, 10, 25, 9, tzinfo=PARIS)  # the Sunday summer time ends
    what = f"Lieu {argument}" if argument else f"Réservation de {user.first_name or user.email}"
    return [
        CalendarEvent(uid=event_uid("booking", user.pk), start=start, end=start + dt.timedelta(hours=3), summary=what)
    ]


@pytest.fixture(autouse=True)
def stand_in_feeds() -> Iterator[None]:
    MANAGED.clear()
    feeds.register_feed(
        "demo-bookings",
        label="Mes réservations",
        name=lambda user, argument: "Mes réservations",
        events=_events,
        allowed=lambda user, argument: argument == "",
        filename="mes-reservations",
    )
    feeds.register_feed(
        "demo-place",
        label="Réservations d'un lieu",
        name=lambda user, argument: f"Réservations du lieu {argument}",
        events=_events,
        allowed=lambda user, argument: argument in MANAGED.get(user.pk, set()),
        filename="reservations-du-lieu",
    )
    yield
    feeds.unregister_feed("demo-bookings")
    feeds.unregister_feed("demo-place")


def feed_path(token: FeedToken) -> str:
    return f"/compte/agenda/{token.token}.ics"


# Serving a feed. -------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_feed_is_read_without_a_session_and_parses(client):
    user = UserFactory(first_name="Marie")
    token = feeds.feed_token_reset(user=user, purpose="demo-bookings")
    response = client.get(feed_path(token))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'inline; filename="mes-reservations.ics"'
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "sessionid" not in response.cookies
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["x-wr-calname"]) == "Mes réservations"
    [vevent] = calendar.walk("VEVENT")
    assert str(vevent["summary"]) == "Réservation de Marie"
    assert vevent.decoded("dtstart").astimezone(dt.UTC) == dt.datetime(2026, 10, 25, 8, tzinfo=dt.UTC)


@pytest.mark.django_db
def test_the_address_is_absolute_on_the_site(settings):
    settings.SITE_URL = "https://solozere.test/"
    token = feeds.feed_token_reset(user=UserFactory(), purpose="demo-bookings")
    assert feeds.feed_url(token) == f"https://solozere.test/compte/agenda/{token.token}.ics"


@pytest.mark.django_db
def test_the_uid_stays_the_same_from_one_read_to_the_next(client):
    token = feeds.feed_token_reset(user=UserFactory(), purpose="demo-bookings")
    first, second = (icalendar.Calendar.from_ical(client.get(feed_path(token)).content) for _ in range(2))
    assert [str(e["uid"]) for e in first.walk("VEVENT")] == [str(e["uid"]) for e in second.walk("VEVENT")]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t.token[:-1] + ("A" if t.token[-1] != "A" else "B"),  # one character of the secret wrong
        lambda t: t.selector + ".",  # no secret
        lambda t: "." + t.secret,  # no selector
        lambda t: t.selector,  # no separator
        lambda t: t.secret + "." + t.selector,  # swapped
        lambda t: "x" * 12 + "." + t.secret,  # another selector, the right secret
        lambda t: t.token + "x" * 100,  # too long
        lambda t: "inconnu.inconnu",
    ],
)
def test_a_wrong_address_is_a_404_like_any_other(client, mangle):
    token = feeds.feed_token_reset(user=UserFactory(), purpose="demo-bookings")
    response = client.get(f"/compte/agenda/{mangle(token)}.ics")
    assert response.status_code == 404
    assert b"BEGIN:VCALENDAR" not in response.content


@pytest.mark.django_db
def test_reset_makes_a_new_address_and_the_old_one_stops_working(client):
    user = UserFactory()
    old = feeds.feed_token_reset(user=user, purpose="demo-bookings")
    old_path = feed_path(old)
    new = feeds.feed_token_reset(user=user, purpose="demo-bookings")
    assert new.pk == old.pk
    assert client.get(old_path).status_code == 404
    assert client.get(feed_path(new)).status_code == 200
    assert FeedToken.objects.filter(user=user).count() == 1


@pytest.mark.django_db
def test_each_purpose_has_its_own_address():
    user = UserFactory()
    MANAGED[user.pk] = {"12", "13"}
    tokens = {
        feeds.feed_token_reset(user=user, purpose=p).token for p in ("demo-bookings", "demo-place:12", "demo-place:13")
    }
    assert len(tokens) == 3


@pytest.mark.django_db
def test_a_manager_removed_from_the_place_loses_its_feed(client):
    user = UserFactory()
    MANAGED[user.pk] = {"12"}
    token = feeds.feed_token_reset(user=user, purpose="demo-place:12")
    response = client.get(feed_path(token))
    assert response.status_code == 200
    assert str(icalendar.Calendar.from_ical(response.content)["x-wr-calname"]) == "Réservations du lieu 12"
    MANAGED[user.pk] = set()
    assert client.get(feed_path(token)).status_code == 404


@pytest.mark.django_db
def test_a_deactivated_account_loses_its_feeds(client):
    user = UserFactory()
    token = feeds.feed_token_reset(user=user, purpose="demo-bookings")
    user.is_active = False
    user.save()
    assert client.get(feed_path(token)).status_code == 404


@pytest.mark.django_db
def test_a_feed_of_a_kind_no_app_registers_any_more_is_a_404(client):
    token = feeds.feed_token_reset(user=UserFactory(), purpose="demo-bookings")
    feeds.unregister_feed("demo-bookings")
    assert client.get(feed_path(token)).status_code == 404


@pytest.mark.django_db
def test_a_feed_is_only_read(client):
    token = feeds.feed_token_reset(user=UserFactory(), purpose="demo-bookings")
    assert client.post(feed_path(token)).status_code == 405


@pytest.mark.django_db
def test_unknown_addresses_are_rate_limited_per_address_but_good_ones_are_not(client, rate_limits):
    rate_limits(calendar_feed_miss="3/h/ip")
    token = feeds.feed_token_reset(user=UserFactory(), purpose="demo-bookings")
    guesses = [client.get("/compte/agenda/a.b.ics", HTTP_X_FORWARDED_FOR="203.0.113.9") for _ in range(4)]
    assert [r.status_code for r in guesses] == [404, 404, 404, 429]
    # Calendar services read many people's feeds from one address: good reads are never counted.
    for _ in range(5):
        assert client.get(feed_path(token), HTTP_X_FORWARDED_FOR="203.0.113.10").status_code == 200
    # Another address still gets its plain 404.
    assert client.get("/compte/agenda/a.b.ics", HTTP_X_FORWARDED_FOR="203.0.113.11").status_code == 404


# The services. ---------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_nobody_gets_a_feed_they_may_not_have():
    user = UserFactory()
    for purpose in ("demo-place:12", "inconnu", "demo-bookings:3", ""):
        with pytest.raises(PermissionError):
            feeds.feed_token_reset(user=user, purpose=purpose)
    assert not FeedToken.objects.exists()


@pytest.mark.django_db
def test_secrets_are_long_random_and_different():
    tokens = [feeds.feed_token_reset(user=UserFactory(), purpose="demo-bookings") for _ in range(5)]
    assert len({t.secret for t in tokens}) == 5
    assert len({t.selector for t in tokens}) == 5
    assert all(len(t.secret) >= 43 for t in tokens)


@pytest.mark.django_db
def test_resolve_finds_the_row_only_with_the_whole_secret():
    token = feeds.feed_token_reset(user=UserFactory(), purpose="demo-bookings")
    assert feeds.feed_token_resolve(token.token) == token
    assert feeds.feed_token_resolve(f"{token.selector}.{token.secret[:-1]}") is None
    assert feeds.feed_token_resolve("") is None


@pytest.mark.django_db
def test_feed_tokens_delete_removes_one_object_or_a_whole_kind():
    user = UserFactory()
    MANAGED[user.pk] = {"12", "13"}
    for purpose in ("demo-bookings", "demo-place:12", "demo-place:13"):
        feeds.feed_token_reset(user=user, purpose=purpose)
    assert feeds.feed_tokens_delete(purpose_prefix="demo-place:12") == 1
    assert feeds.feed_tokens_delete(purpose_prefix="demo-place") == 1
    assert list(FeedToken.objects.values_list("purpose", flat=True)) == ["demo-bookings"]


def test_a_kind_is_one_word_without_a_colon():
    for kind in ("", "a:b"):
        with pytest.raises(ValueError, match="without"):
            feeds.register_feed(kind, label="x", name=str, events=list, allowed=bool, filename="x")  # type: ignore[arg-type]


@pytest.mark.django_db
def test_the_addresses_are_personal_data_exported_without_their_secret():
    user = UserFactory()
    token = feeds.feed_token_reset(user=user, purpose="demo-bookings")
    export = personal_data_export(user=user)
    assert export["calendar_feeds"] == [{"agenda": "demo-bookings", "created_at": token.created_at.isoformat()}]
    assert token.secret not in str(export)
    assert "accounts.feedtoken.user" not in export["other"]


@pytest.mark.django_db
def test_the_addresses_go_with_the_account():
    from solozere.accounts.personal_data import account_delete

    user = UserFactory()
    feeds.feed_token_reset(user=user, purpose="demo-bookings")
    account_delete(user=user)
    assert not FeedToken.objects.exists()


# The reset button. -----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_first_post_makes_the_address_and_redirects_back(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(RESET_URL, {"purpose": "demo-bookings", "next": "/mes-reservations/"})
    assert response.status_code == 302
    assert response["Location"] == "/mes-reservations/#agenda-prive"
    assert FeedToken.objects.filter(user=user, purpose="demo-bookings").count() == 1
    followed = client.get("/compte/profil/")
    assert [str(m) for m in followed.context["messages"]] == [
        "Votre lien d'agenda privé est prêt. Copiez-le dans votre application d'agenda."
    ]


@pytest.mark.django_db
def test_posting_again_resets_and_says_the_old_one_is_dead(client):
    user = UserFactory()
    old = feeds.feed_token_reset(user=user, purpose="demo-bookings").token
    client.force_login(user)
    response = client.post(RESET_URL, {"purpose": "demo-bookings"}, follow=True)
    assert response.redirect_chain[-1][0] == "/compte/profil/"
    [message] = [str(m) for m in response.context["messages"]]
    assert "L'ancien ne fonctionne plus" in message
    assert FeedToken.objects.get(user=user).token != old


@pytest.mark.django_db
@pytest.mark.parametrize("next_url", ["https://ailleurs.example/", "//ailleurs.example/x"])
def test_the_redirect_never_leaves_the_site(client, next_url):
    client.force_login(UserFactory())
    response = client.post(RESET_URL, {"purpose": "demo-bookings", "next": next_url})
    assert response["Location"] == "/compte/profil/"


@pytest.mark.django_db
@pytest.mark.parametrize("data", [{"purpose": "demo-place:12"}, {"purpose": "inconnu"}, {}, {"purpose": "x" * 101}])
def test_a_purpose_one_may_not_have_is_a_404_and_makes_nothing(client, data):
    client.force_login(UserFactory())
    assert client.post(RESET_URL, data).status_code == 404
    assert not FeedToken.objects.exists()


@pytest.mark.django_db
def test_a_visitor_is_sent_to_sign_in_and_a_get_is_refused(client):
    response = client.post(RESET_URL, {"purpose": "demo-bookings"})
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/login/")
    client.force_login(UserFactory())
    assert client.get(RESET_URL).status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["plain_user", "member", "place_manager", "company_representative", "staff_user"])
def test_every_role_resets_only_its_own_address(client, persona, request):
    user = request.getfixturevalue(persona)
    other = UserFactory(email="autre@example.org")
    others = feeds.feed_token_reset(user=other, purpose="demo-bookings").token
    client.force_login(user)
    assert client.post(RESET_URL, {"purpose": "demo-bookings"}).status_code == 302
    assert FeedToken.objects.get(user=other).token == others
    assert FeedToken.objects.filter(user=user).count() == 1


# The component. --------------------------------------------------------------------------------------------------


def _render(user, *, purpose="demo-bookings"):  # type: ignore[no-untyped-def]
    request = RequestFactory().get("/mes-reservations/")
    request.user = user
    context = feeds.feed_context(user=user, purpose=purpose, next_url=request.path)
    return render_to_string("accounts/_private_feed.html", context, request=request)


@pytest.mark.django_db
def test_the_component_offers_to_make_the_address_and_shows_none_before(django_assert_num_queries):
    user = UserFactory()
    with django_assert_num_queries(1):
        html = _render(user)
    assert "Obtenir mon lien d'agenda" in html
    assert "Réinitialiser" not in html
    assert not FeedToken.objects.exists()  # showing the page makes no address


@pytest.mark.django_db
def test_the_component_shows_the_address_how_to_copy_it_and_a_confirmed_reset(settings):
    settings.SITE_URL = "https://solozere.test"
    user = UserFactory()
    token = feeds.feed_token_reset(user=user, purpose="demo-bookings")
    html = _render(user)
    assert "Votre agenda privé" in html
    assert f'value="https://solozere.test/compte/agenda/{token.token}.ics"' in html
    assert "readonly" in html
    assert "Ctrl+C" in html
    assert 'data-confirm="Réinitialiser le lien ?' in html
    assert 'name="purpose" value="demo-bookings"' in html
    assert 'name="next" value="/mes-reservations/"' in html
    assert "Réinitialiser le lien</button>" in html


@pytest.mark.django_db
def test_the_component_is_valid_html(tmp_path):
    user = UserFactory()
    pages = []
    for label, html in (("sans lien", _render(user)), ("avec lien", "")):
        if label == "avec lien":
            feeds.feed_token_reset(user=user, purpose="demo-bookings")
            html = _render(user)
        path = tmp_path / f"{label.replace(' ', '-')}.html"
        path.write_text(
            f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>t</title></head><body><main>{html}'
            "</main></body></html>",
            encoding="utf-8",
        )
        pages.append((label, path))
    assert nu_errors(pages) == []
