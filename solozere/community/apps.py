from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "solozere.community"
    verbose_name = "Communauté"

    def ready(self) -> None:
        from solozere.accounts.roles import Role, register_role_check
        from solozere.community.selectors import is_active_member

        register_role_check(Role.MEMBER, is_active_member)
