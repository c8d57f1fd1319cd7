from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "solozere.events"
    verbose_name = "Agenda et événements"

    def ready(self) -> None:
        from solozere.core import cache_version

        # Events show on cached public pages (the agenda, place pages): any change bumps the version.
        cache_version.watch("events", *self.get_models())

        # Registries of the apps below: they call events without importing it.
        from django.utils.translation import gettext_lazy as _

        from solozere.accounts.personal_data import register_personal_data
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
