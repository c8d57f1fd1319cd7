from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "solozere.resources"
    label = "resources"
    verbose_name = "Centre de ressources"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from solozere.accounts.personal_data import register_personal_data
        from solozere.core import cache_version
        from solozere.core.demo import register_demo_removal
        from solozere.resources import demo, personal_data

        # The resources show on cached public pages (/ressources/): any change bumps the version.
        cache_version.watch("resources", *self.get_models())
        register_personal_data(
            "resources",
            label=_("Ressources proposées"),
            why=_(
                "Les documents et liens que vous avez proposés au centre de ressources, et leur état : pour que "
                "l'équipe les relise et vous dise sa décision. Publiés, ils sont signés de l'auteur et de "
                "l'organisme indiqués, pas de votre compte ; à la suppression du compte, ils restent, sans lien "
                "avec vous."
            ),
            export=personal_data.resources_personal_data,
            anonymise=personal_data.resources_anonymise,
            relations=personal_data.RELATIONS,
        )
        # Event contributions, once published on their event's page, enter the centre (solozere.events' hook).
        from solozere.events.hooks import register_contribution_listener
        from solozere.resources.services_events import resource_from_contribution, resource_withdraw_contribution

        register_contribution_listener(
            on_published=resource_from_contribution, on_withdrawn=resource_withdraw_contribution
        )
        register_demo_removal("resources", label="ressource(s) de démonstration", remove=demo.demo_resources_remove)
