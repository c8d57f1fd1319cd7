"""What a project request may be about, and who may ask. Pure: no ORM queries.

A request names one or more topics; routing (routing.py) maps them, with the commune, to the partner organisations
of the Réseau Accueil that handle them there (their profile in models.py, loaded from SOURCES.md by
load_accompaniment)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Topic(models.TextChoices):
    MOVING = "moving", _("S'installer en Lozère : logement, démarches")
    WORKPLACE = "workplace", _("Trouver un lieu où travailler (télécentre, espace de coworking)")
    COMPANY_TELEWORK = "company_telework", _("Mettre en place le télétravail dans une entreprise")
    RESOURCE_CENTRE = "resource_centre", _("Consulter le centre de ressources (guides, accords, études)")
    BUSINESS_CREATION = "business_creation", _("Créer une entreprise")
    BUSINESS_TAKEOVER = "business_takeover", _("Reprendre une entreprise")
    PARTNER_EMPLOYMENT = "partner_employment", _("Un emploi pour son conjoint ou sa conjointe")
    TELEWORK_AID = "telework_aid", _("L'aide de 3 000 € au télétravail")
    CONNECTIVITY = "connectivity", _("La connexion à internet (haut débit, fibre, téléphonie)")
    FARMING = "farming", _("S'installer en agriculture, trouver des terres")
    TOURISM = "tourism", _("Un projet touristique (hébergement, activité)")
    OTHER = "other", _("Autre chose")


class RequesterKind(models.TextChoices):
    NEWCOMER = "newcomer", _("Une personne qui s'installe en Lozère")
    TELEWORKER = "teleworker", _("Un télétravailleur ou une télétravailleuse")
    JOB_SEEKER = "job_seeker", _("Une personne qui cherche un emploi")
    EMPLOYEE = "employee", _("Un ou une salariée")
    COMPANY = "company", _("Une entreprise")
