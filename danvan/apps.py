from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DanvanConfig(AppConfig):
    name = "danvan"
    verbose_name = _("Committee hierarchy")
