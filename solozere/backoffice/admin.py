"""The back office is the Django admin at /gestion/, in French, for the network staff (is_staff)."""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("SoLozère — gestion du réseau")
admin.site.site_title = _("Gestion SoLozère")
admin.site.index_title = _("Tableau de bord")
admin.site.site_url = "/"
# The admin signs in through allauth (/compte/login/: its rate limits, the second factor), never through its own
# form: /gestion/login/ redirects there, and refuses (403) someone signed in without the right to the admin.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
