from django.apps import AppConfig


class AccompanimentConfig(AppConfig):
    name = "solozere.accompaniment"
    verbose_name = "Accompagnement des projets"

    def ready(self) -> None:
        # The requests and what was said in them, in the personal-data registry of accounts.
        from django.utils.translation import gettext_lazy as _

        from solozere.accompaniment import personal_data
        from solozere.accounts.personal_data import register_personal_data

        register_personal_data(
            "accompaniment",
            label=_("Demandes d'accompagnement"),
            why=_(
                "Les projets que vous avez décrits au Réseau Accueil (qui vous êtes, la commune, les sujets, votre "
                "description, votre accord de partage), les messages échangés avec les structures partenaires et "
                "votre réponse au questionnaire : pour que les structures qui ont votre demande vous répondent et "
                "la suivent. Pour un agent d'une structure partenaire : les demandes prises, les messages écrits, "
                "les absences. À la suppression du compte, vos demandes en cours sont retirées et chacune perd votre "
                "nom, votre adresse et tout ce qui y a été écrit ; elles ne restent que comptées dans les "
                "statistiques (sujets, commune, dates)."
            ),
            export=personal_data.accompaniment_personal_data,
            anonymise=personal_data.accompaniment_anonymise,
            relations=personal_data.RELATIONS,
        )

        from solozere.accompaniment.demo import demo_accompaniment_remove
        from solozere.core.demo import register_demo_removal

        register_demo_removal(
            "accompaniment", label="demande(s) d'accompagnement de démonstration", remove=demo_accompaniment_remove
        )

        from solozere.core import cache_version

        # The public statistics count requests, parts and answers: any change bumps the version of their page.
        cache_version.watch("accompaniment", *self.get_models())
