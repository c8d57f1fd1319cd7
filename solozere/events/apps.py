from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "solozere.events"
    verbose_name = "Agenda et événements"

    def ready(self) -> None:
        from solozere.core import cache_version

        # Events show on cached public pages (the agenda, place pages): any change bumps the version.
        cache_version.watch("events", *self.get_models())

        # Registries of the apps below: they show events without importing this app.
        from solozere.events import hooks_place
        from solozere.places.hooks import register_place_panel

        register_place_panel("detail", hooks_place.next_events_panel)
        register_place_panel("head", hooks_place.feed_link)
        register_place_panel("manager_dashboard", hooks_place.manager_dashboard_panel)

        # delete_demo removes the demo agenda (its sites point at the demo places, which are protected).
        from solozere.core.demo import register_demo_removal
        from solozere.events.demo import demo_events_remove

        register_demo_removal("events", label="événement(s) de démonstration", remove=demo_events_remove)

        # Registrations: the person's private feed and their personal data, in the registries of accounts.
        from django.utils.translation import gettext_lazy as _

        from solozere.accounts.personal_data import register_personal_data
        from solozere.events import personal_data_registration
        from solozere.events.calendar_registration import register_feeds
        from solozere.events.services_registration import registrations_anonymise

        register_feeds()
        # Cancelling an event cancels its registrations and tells each person, in the same transaction; a new time
        # or place is told to the people concerned; the seats a site gains go to its waiting list at once.
        from solozere.events.services import EVENT_CANCELLED, EVENT_CHANGED, SITE_CAPACITY_RAISED
        from solozere.events.services_registration import (
            registrations_event_cancelled,
            registrations_event_changed,
            registrations_site_grown,
        )

        EVENT_CANCELLED.append(registrations_event_cancelled)
        EVENT_CHANGED.append(registrations_event_changed)
        SITE_CAPACITY_RAISED.append(registrations_site_grown)
        register_personal_data(
            "event_registrations",
            label=_("Inscriptions aux événements"),
            why=_(
                "Vos inscriptions aux événements du réseau (nom, adresse, réponses aux questions de l'organisateur, "
                "présence) : l'organisateur en a besoin pour vous accueillir. Elles sont effacées quelque temps "
                "après l'événement, et à la suppression du compte (les inscriptions à venir sont alors annulées)."
            ),
            export=personal_data_registration.registrations_personal_data,
            anonymise=registrations_anonymise,
            relations=personal_data_registration.RELATIONS,
        )
        from solozere.events import personal_data_contributions

        register_personal_data(
            "events_contributions",
            label=_("Contributions aux événements et questionnaires de satisfaction"),
            why=_(
                "Les interventions et ateliers que vous avez proposés à un événement, ce que vous en avez publié, et "
                "vos réponses aux questionnaires de satisfaction : pour que l'organisateur vous réponde et que "
                "l'événement garde ses contributions. À la suppression du compte, les contributions restent, sans "
                "votre nom."
            ),
            export=personal_data_contributions.contributions_personal_data,
            anonymise=personal_data_contributions.contributions_anonymise,
            relations=personal_data_contributions.RELATIONS,
        )
