from django.apps import AppConfig


class AidsConfig(AppConfig):
    name = "solozere.aids"
    verbose_name = "Aides"

    def ready(self) -> None:
        from solozere.accounts.roles import Role, register_role_check
        from solozere.aids.selectors import is_company_representative

        register_role_check(Role.COMPANY_REPRESENTATIVE, is_company_representative)
