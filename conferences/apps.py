from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConferencesConfig(AppConfig):
    name = "conferences"
    verbose_name = _("Conferences")

    def ready(self):
        from conferences.reminders import remind_directive_deadlines
        from danvan.notifications import register_daily_check

        # The daily digest command (danvan) runs it without importing this app.
        register_daily_check(remind_directive_deadlines)
