from django.apps import AppConfig


class AidsConfig(AppConfig):
    name = "solozere.aids"
    verbose_name = "Aides"

    def ready(self) -> None:
        from django.utils.text import format_lazy
        from django.utils.translation import gettext_lazy as _

        from solozere.accounts.personal_data import register_personal_data
        from solozere.accounts.roles import Role, register_role_check
        from solozere.aids import personal_data
        from solozere.aids.selectors import is_company_representative
        from solozere.core import cache_version

        register_role_check(Role.COMPANY_REPRESENTATIVE, is_company_representative)
        register_personal_data(
            "aids",
            label=_("Demandes d'aide"),
            why=format_lazy(
                _(
                    "Les entreprises que vous représentez, les demandes d'aide déposées, leurs pièces et messages : "
                    "ce sont des dossiers de financement public, conservés pour les contrôles. Un brouillon jamais "
                    "déposé est supprimé, avec ses pièces, après {months} mois sans modification, ou avec votre "
                    "compte."
                ),
                months=personal_data.retention_months(),
            ),
            export=personal_data.aids_personal_data,
            anonymise=personal_data.aids_anonymise,
            blocks_deletion=personal_data.aids_block_deletion,
            relations=personal_data.RELATIONS,
        )
        # Every row of this app may show on a cached public page: any change bumps its version.
        cache_version.watch("aids", *self.get_models())
