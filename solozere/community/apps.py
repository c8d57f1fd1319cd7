from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "solozere.community"
    verbose_name = "Communauté"

    def ready(self) -> None:
        from django.conf import settings
        from django.db.models.signals import pre_delete
        from django.utils.translation import gettext_lazy as _

        from solozere.accounts.personal_data import register_personal_data
        from solozere.accounts.roles import Role, register_role_check
        from solozere.community import services
        from solozere.community.selectors import is_active_member
        from solozere.core import cache_version

        register_role_check(Role.MEMBER, is_active_member)
        register_personal_data(
            "community",
            label=_("Adhésion et communauté des télétravailleurs"),
            why=_(
                "Votre adhésion et son historique, votre profil, les accords donnés (avec la version du texte), "
                "les messages envoyés et reçus, les signalements : pour faire vivre le réseau et son annuaire."
            ),
            export=services.community_personal_data,
            anonymise=services.community_personal_data_anonymise,
            relations=services.PERSONAL_DATA_RELATIONS,
        )
        # A demo account leaves nothing behind, not even the anonymous year the growth chart keeps of a real one.
        pre_delete.connect(services.demo_account_forget, sender=settings.AUTH_USER_MODEL, dispatch_uid="demo_forget")
        # Every row of this app may show on a cached public page: any change bumps its version.
        cache_version.watch("community", *self.get_models())
