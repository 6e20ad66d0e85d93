import axes.apps
import django.contrib.admin.apps
import django_tasks_db.apps
from django.apps import AppConfig
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _


class DanvanConfig(AppConfig):
    name = "danvan"
    verbose_name = _("Committee hierarchy")

    def ready(self):
        from danvan.caching import watch_portal_models

        watch_portal_models()


class LoginAttemptsConfig(axes.apps.AppConfig):
    """django-axes under a Vietnamese name, its records named in the user's language."""

    default = False  # installed by its dotted path; DanvanConfig stays this module's default
    verbose_name = _("Login attempts")

    def ready(self):
        super().ready()
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        # axes names each record in an English sentence, which the back office shows as its title.
        for model in (AccessAttempt, AccessFailureLog, AccessLog):
            model.__str__ = login_record_label


def login_record_label(record) -> str:
    when = formats.date_format(timezone.localtime(record.attempt_time), "SHORT_DATETIME_FORMAT")
    return f"{capfirst(record._meta.verbose_name)}: {record.username or '—'}, {when}"


class BackgroundTasksConfig(django_tasks_db.apps.TasksAppConfig):
    """django-tasks' database backend under a Vietnamese name, its results named by their task."""

    default = False
    verbose_name = _("Background tasks")

    def ready(self):
        super().ready()
        from django_tasks_db.models import DBTaskResult

        # Without a __str__ of its own a result reads "DBTaskResult object (…)".
        DBTaskResult.__str__ = task_result_label


def task_result_label(result) -> str:
    return f"{result.task_name} – {result.get_status_display()}"


class BackOfficeAdminConfig(django.contrib.admin.apps.AdminConfig):
    """Django's admin with the back office's site: open only to those who need it (danvan.back_office)."""

    default = False
    default_site = "danvan.back_office.BackOfficeSite"
