"""The back office is the Django admin at /gestion/, in French, for the network staff (is_staff)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("SoLozère — gestion du réseau")
admin.site.site_title = _("Gestion SoLozère")
admin.site.index_title = _("Tableau de bord")
admin.site.site_url = "/"
