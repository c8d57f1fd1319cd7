from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "solozere.organisations"
    verbose_name = "Structures partenaires"

    def ready(self) -> None:
        from solozere.accounts.roles import Role, register_role_check
        from solozere.core import cache_version
        from solozere.organisations.selectors import is_partner_agent, organisations_of_agent

        # Organisations show on cached public pages (an event's organiser, a resource's source).
        cache_version.watch("organisations", *self.get_models())
        register_role_check(Role.PARTNER_AGENT, is_partner_agent, scope=organisations_of_agent)
