import datetime
import re

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from danvan.grants import grant_refusal, grantable_roles
from danvan.models import (
    AdministrativeUnit,
    AdministrativeUnitSuccession,
    Document,
    Membership,
    Notification,
    Organization,
    Person,
)
from danvan.organizations import committee_for, mass_mobilization_board_for, refresh_namesakes
from danvan.scoping import may_write, scope_for
from danvan.text import fold

admin.site.site_header = _("Dân vận portal: back office")
admin.site.site_title = _("Dân vận portal")
admin.site.index_title = _("Back office")


def is_system_administrator(user) -> bool:
    """Superusers and members of the central organization as system administrators."""
    return scope_for(user).everything


class ScopedFormFieldsMixin:
    """Every foreign key and many-to-many of an admin form or inline offers only rows the user may write to.

    Choices are the related model's `editable_by(user)` whenever it has one, so
    that a record can only be attached to what its author could change.
    """

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        self._scope_choices(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        self._scope_choices(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def _scope_choices(self, db_field, request, kwargs) -> None:
        manager = db_field.related_model._default_manager
        if "queryset" not in kwargs and hasattr(manager, "editable_by"):
            kwargs["queryset"] = manager.editable_by(request.user)


class VersionCheckedForm(forms.Form):
    """Refuses to save over a version saved by someone else since the form was opened, as the portal's forms do."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, label=_("version being edited"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lock_version"].initial = self.instance.lock_version

    def clean(self):
        cleaned = super().clean()
        # The admin saves inside one transaction: the row stays locked from this check to the save.
        current = (
            type(self.instance)
            .objects.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("lock_version", flat=True)
            .first()
        )
        if "lock_version" in cleaned and cleaned["lock_version"] != current:
            raise ValidationError(STALE_EDIT)
        self.instance.lock_version = (current or 0) + 1
        return cleaned


STALE_EDIT = _(
    "Someone saved this record while you were editing it. Nothing of yours was saved: "
    "open the record again to see their changes."
)


class VersionCheckedAdminMixin:
    """Change forms of models with a `lock_version` carry it, so a concurrent edit is refused, not lost."""

    def _versioned(self, request, obj) -> bool:
        has_version = any(field.name == "lock_version" for field in self.model._meta.concrete_fields)
        # A page the user only reads saves nothing: it carries no version.
        return obj is not None and has_version and self.has_change_permission(request, obj)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        listed = {name for _title, options in fieldsets for name in options["fields"]}
        if not self._versioned(request, obj) or "lock_version" in listed:
            return fieldsets
        (title, options), *rest = fieldsets
        return [(title, {**options, "fields": [*options["fields"], "lock_version"]}), *rest]

    def get_form(self, request, obj=None, change=False, fields=None, **kwargs):
        if fields:
            fields = [name for name in fields if name != "lock_version"]  # a form field, not a model form field
        form = super().get_form(request, obj, change=change, fields=fields, **kwargs)
        if not self._versioned(request, obj):
            return form
        return type(form.__name__, (VersionCheckedForm, form), {})


# Integer fields that name something rather than count it: a year, a version, a place in a list.
IDENTIFYING_NUMBER = re.compile(r"(^|_)(year|version|order)$")


def plain_number_display(field):
    """An admin display of an integer field as its plain digits ("2024"); Django's admin groups every integer."""

    def display(obj):
        value = getattr(obj, field.name)
        return admin.site.empty_value_display if value is None else str(value)

    display.__name__ = field.name  # the column keeps its CSS class, field-<name>
    return admin.display(description=field.verbose_name, ordering=field.name)(display)


class PlainNumbersAdminMixin:
    """Years, versions and positions print as written wherever the admin shows them read-only.

    Django's admin writes every integer with the language's thousand separator, so a
    year reads "2.024" in Vietnamese. Each identifying number (IDENTIFYING_NUMBER) in
    the list columns, the read-only fields and the view-only pages stands in through
    its plain display; counts keep their separators.
    """

    def _plain(self, name):
        if not isinstance(name, str) or not IDENTIFYING_NUMBER.search(name):
            return name
        try:
            field = self.model._meta.get_field(name)
        except FieldDoesNotExist:
            return name
        if not isinstance(field, models.IntegerField):
            return name
        displays = self.__dict__.setdefault("_plain_displays", {})  # one display per field: admin compares them
        return displays.setdefault(name, plain_number_display(field))

    def _plain_all(self, names):
        return [
            tuple(self._plain(n) for n in name) if isinstance(name, (list, tuple)) else self._plain(name)
            for name in names
        ]

    def get_list_display(self, request):
        return self._plain_all(super().get_list_display(request))

    def get_readonly_fields(self, request, obj=None):
        return self._plain_all(super().get_readonly_fields(request, obj))

    def get_exclude(self, request, obj=None):
        # A field shown through its plain display stays out of the form.
        replaced = [name for name in super().get_readonly_fields(request, obj) if self._plain(name) is not name]
        return [*(super().get_exclude(request, obj) or []), *replaced] or None

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets  # editable fields stay inputs, which print plain digits already
        return [(title, {**options, "fields": self._plain_all(options["fields"])}) for title, options in fieldsets]


class ScopedAdminMixin(PlainNumbersAdminMixin, VersionCheckedAdminMixin, ScopedFormFieldsMixin):
    """Scope an admin page by the committee hierarchy, like every other page.

    Django's admin loads change, delete and history pages through `get_queryset`,
    so scoping it covers the list and the object pages at once; objects outside
    the scope are then reported as missing. Autocompletes answer with what the
    user may write to, bulk deletion with what they may change.
    """

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def get_search_results(self, request, queryset, search_term):
        if _is_autocomplete(request):
            queryset = queryset.editable_by(request.user)
        return super().get_search_results(request, queryset, search_term)

    def _editable(self, request, obj) -> bool:
        return self.model._default_manager.editable_by(request.user).filter(pk=obj.pk).exists()

    def has_add_permission(self, request):
        return super().has_add_permission(request) and may_write(request.user)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or self._editable(request, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or self._editable(request, obj))

    def delete_queryset(self, request, queryset):
        if queryset.exclude(pk__in=self.model._default_manager.editable_by(request.user).values("pk")).exists():
            raise PermissionDenied
        super().delete_queryset(request, queryset)


class ReferenceDataAdminMixin:
    """Nation-wide reference data: every back-office user reads it, only system administrators change it."""

    def has_add_permission(self, request, *args):
        return is_system_administrator(request.user) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return is_system_administrator(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return is_system_administrator(request.user) and super().has_delete_permission(request, obj)


def _is_autocomplete(request) -> bool:
    match = getattr(request, "resolver_match", None)
    return match is not None and match.url_name == "autocomplete"


class SuccessionInline(admin.TabularInline):
    model = AdministrativeUnitSuccession
    fk_name = "predecessor"
    extra = 0
    fields = ["successor", "kind", "is_default", "effective_date"]
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = _("successors")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(ReferenceDataAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "label", "parent", "era", "valid_from", "valid_until"]
    list_filter = ["era", "level", "kind"]
    search_fields = ["search_name", "code"]
    list_select_related = ["parent"]
    readonly_fields = ["path", "source"]
    autocomplete_fields = ["parent"]
    inlines = [SuccessionInline]
    actions = ["create_organizations"]

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, fold(search_term))

    @admin.display(description=_("name"), ordering="name")
    def label(self, unit):
        return unit.full_name

    @admin.action(description=_("Set up the party committee and its mass mobilization body"), permissions=["change"])
    def create_organizations(self, request, queryset):
        today = datetime.date.today()
        for unit in queryset.select_related("parent__parent"):
            committee_for(unit)
            mass_mobilization_board_for(unit, on=min(today, unit.valid_until or today))
        self.message_user(request, _("Organizations are set up."), messages.SUCCESS)


@admin.register(Organization)
class OrganizationAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["label", "kind", "issuer_code", "unit", "valid_from", "valid_until"]
    list_filter = ["kind", "unit__era", "unit__level"]
    search_fields = ["name", "issuer_code", "unit__search_name"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit", "parent"]
    fields = [
        "kind",
        "unit",
        "parent",
        "name",
        "party_organization_name",
        "issuer_code",
        "place_name",
        "valid_from",
        "valid_until",
        "path",
    ]
    # Where a body sits decides who sees what: once it exists, only a superuser moves it.
    PLACEMENT_FIELDS = ["kind", "unit", "parent"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None or request.user.is_superuser:
            return ["path"]
        return ["path", *self.PLACEMENT_FIELDS]

    @admin.display(description=_("name"), ordering="name")
    def label(self, obj):
        return str(obj)

    # The back office writes organizations too: namesakes learn of each change, as after save_organization.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        refresh_namesakes([obj.name, form.initial.get("name", "")])

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        refresh_namesakes([obj.name])

    def delete_queryset(self, request, queryset):
        names = list(queryset.values_list("name", flat=True))
        super().delete_queryset(request, queryset)
        refresh_namesakes(names)


class MembershipForm(forms.ModelForm):
    granter = None  # set by MembershipAdmin.get_form

    def clean(self):
        cleaned = super().clean()
        user, organization, role = cleaned.get("user"), cleaned.get("organization"), cleaned.get("role")
        if organization is not None and role:
            refusal = grant_refusal(self.granter, user=user, organization=organization, role=role)
            if refusal:
                raise ValidationError(refusal)
        return cleaned


@admin.register(Membership)
class MembershipAdmin(ScopedAdminMixin, admin.ModelAdmin):
    form = MembershipForm
    list_display = ["user", "role", "organization", "position", "valid_from", "valid_until"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "organization__name"]
    list_select_related = ["user", "organization"]
    autocomplete_fields = ["organization"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"granter": request.user})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = grantable_users(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role":
            kwargs["choices"] = [("", "---------"), *grantable_roles(request.user)]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def _editable(self, request, obj) -> bool:
        # A membership as it stands must be one the user could grant: not their own, not above them.
        refusal = grant_refusal(request.user, user=obj.user, organization=obj.organization, role=obj.role)
        return refusal is None and super()._editable(request, obj)


def grantable_users(granter):
    """People a granter may give a role to: members inside their write scope, or users with no role yet."""
    users = get_user_model().objects.filter(is_active=True)
    if granter.is_superuser:
        return users
    members_in_scope = Membership.objects.editable_by(granter).values("user_id")
    without_role = ~Exists(Membership.objects.filter(user=OuterRef("pk")))
    return users.filter(Q(pk__in=members_in_scope) | without_role, is_superuser=False).exclude(pk=granter.pk)


@admin.register(Person)
class PersonAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["full_name", "organization"]
    search_fields = ["search_name", "full_name"]
    list_select_related = ["organization"]
    autocomplete_fields = ["organization"]

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, fold(search_term))


@admin.register(Document)
class DocumentAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "issued_on", "organization", "issuer_name", "title"]
    list_filter = ["system", "type_code"]
    list_select_related = ["organization"]
    search_fields = ["code", "title", "issuer_name"]
    autocomplete_fields = ["organization"]


@admin.register(Notification)
class NotificationAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Read only: the portal writes notifications (danvan.notifications); the back office may clear them."""

    list_display = ["text", "recipient", "kind", "organization", "created_at", "read_at"]
    list_filter = ["kind"]
    search_fields = ["text", "recipient__username"]
    list_select_related = ["recipient", "organization"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# Third-party admins, in the back office's language: their names and messages go through our catalog.

PERMISSION_ACTIONS = {
    "add": _("Can add %(model)s"),
    "change": _("Can change %(model)s"),
    "delete": _("Can delete %(model)s"),
    "view": _("Can view %(model)s"),
}


def permission_label(permission: Permission) -> str:
    """A permission as the back office lists it: Django stores its name in English ("Can add user")."""
    model = permission.content_type.model_class()
    action = permission.codename.split("_", 1)[0]
    if model is None or action not in PERMISSION_ACTIONS:
        return str(permission)
    recorded = getattr(model, "instance_type", None)  # simple_history's model of another model's history
    name = _("history of %(model)s") % {"model": recorded._meta.verbose_name} if recorded else model._meta.verbose_name
    return f"{model._meta.app_config.verbose_name} | {PERMISSION_ACTIONS[action] % {'model': name}}"


class PermissionLabelsMixin:
    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.remote_field.model is Permission:
            formfield.label_from_instance = permission_label
        return formfield


admin.site.unregister([Group, get_user_model()])


@admin.register(Group)
class BackOfficeGroupAdmin(PermissionLabelsMixin, GroupAdmin):
    pass


@admin.register(get_user_model())
class BackOfficeUserAdmin(PermissionLabelsMixin, UserAdmin):
    pass


admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class LoginAttemptAdmin(AccessAttemptAdmin):
    @admin.display(description=_("status"))
    def status(self, attempt):
        return super().status(attempt)

    @admin.action(description=_("Clean up expired attempts"))
    def cleanup_expired_attempts(self, request, queryset):
        count = self.handler.clean_expired_user_attempts(request=request)
        message = ngettext("%(count)d expired attempt cleaned up.", "%(count)d expired attempts cleaned up.", count)
        self.message_user(request, message % {"count": count})


admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(DBTaskResultAdmin):
    list_display = ["id", "task", "status", "enqueued_at", "started_at", "finished_at", "priority", "queue_name"]

    @admin.display(description=_("task"), ordering="task_path")
    def task(self, result):
        return result.task_name

    @admin.display(description=_("traceback"))
    def formatted_traceback(self, result):
        return super().formatted_traceback(result)

    @admin.display(description=_("run after"))
    def display_run_after(self, result):
        return super().display_run_after(result)
