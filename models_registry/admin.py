from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from danvan.admin import PlainNumbersAdminMixin, ReferenceDataAdminMixin, ScopedAdminMixin, ScopedFormFieldsMixin
from danvan.scoping import scope_for
from models_registry.models import (
    Announcement,
    Attachment,
    Criterion,
    EmulationModel,
    Field,
    Recognition,
    Rubric,
    Status,
    Transition,
)
from models_registry.rubric_services import frozen_reason, levels_for
from models_registry.services import ROLE_LEVEL, perform


@admin.register(Field)
class FieldAdmin(ReferenceDataAdminMixin, PlainNumbersAdminMixin, admin.ModelAdmin):
    list_display = ["name", "code", "order"]
    prepopulated_fields = {"code": ["name"]}


class RecognitionInline(ScopedFormFieldsMixin, admin.TabularInline):
    model = Recognition
    extra = 0
    fields = ["level", "decision", "decided_on", "deciding_organization", "average_score", "recorded_by"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        # Recognitions are recorded through the workflow, which checks the level.
        return False


class AttachmentInline(ScopedFormFieldsMixin, admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ["title", "file", "uploaded_by", "uploaded_at"]
    readonly_fields = ["uploaded_by", "uploaded_at"]


@admin.register(EmulationModel)
class EmulationModelAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = [
        "name",
        "registering_organization",
        "field",
        "subject_kind",
        "registration_year",
        "level_reached",
        "status",
    ]
    list_filter = ["status", "level_reached", "field", "subject_kind", "registration_year"]
    search_fields = ["search_text"]
    list_select_related = ["registering_organization", "field"]
    autocomplete_fields = ["registering_organization", "person"]
    # The area follows the registering organization (see the registry services).
    readonly_fields = [
        "unit",
        "status",
        "review_level",
        "level_reached",
        "created_by",
        "created_at",
        "workflow_history",
    ]
    inlines = [RecognitionInline, AttachmentInline]
    actions = ["submit", "take_up_for_review", "propose"]

    def _perform_each(self, request, queryset, action, **options):
        """Run the workflow service on each selected model; it refuses what the user may not do."""
        done = refused = 0
        for model in queryset.select_related("unit", "registering_organization"):
            try:
                perform(model, action, actor=request.user, **options)
            except (PermissionDenied, ValidationError):
                refused += 1
            else:
                done += 1
        self.message_user(request, ngettext("%d model updated.", "%d models updated.", done) % done, messages.SUCCESS)
        if refused:
            self.message_user(
                request,
                ngettext(
                    "%d model was left as it was: you may not do that.",
                    "%d models were left as they were: you may not do that.",
                    refused,
                )
                % refused,
                messages.WARNING,
            )

    @admin.action(description=_("Register (submit) the selected drafts"))
    def submit(self, request, queryset):
        self._perform_each(request, queryset, "submit")

    @admin.action(description=_("Take up for review at my level"))
    def take_up_for_review(self, request, queryset):
        scope = scope_for(request.user)
        my_levels = [
            level for role, level in ROLE_LEVEL.items() if scope.everything or dict(scope.role_prefixes).get(role)
        ]
        self._perform_each(request, queryset, "start_review", level=my_levels[0] if len(my_levels) == 1 else "")

    @admin.action(description=_("Propose to the next level"))
    def propose(self, request, queryset):
        self._perform_each(request, queryset, "propose")

    @admin.display(description=Transition._meta.verbose_name_plural)
    def workflow_history(self, model):
        """The steps as the model's page lists them: statuses and levels by their names, not their codes."""
        headers = ["at", "actor", "from_status", "to_status", "level", "note"]
        rows = [
            (
                date_format(localtime(step.at), "SHORT_DATETIME_FORMAT"),
                step.actor or "—",
                step.get_from_status_display() or "—",
                step.get_to_status_display(),
                step.get_level_display() or "—",
                step.note,
            )
            for step in model.transitions.select_related("actor")
        ]
        return format_html(
            "<table><thead><tr>{}</tr></thead><tbody>{}</tbody></table>",
            format_html_join(
                "", "<th>{}</th>", ((capfirst(Transition._meta.get_field(name).verbose_name),) for name in headers)
            ),
            format_html_join("", "<tr>" + "<td>{}</td>" * len(headers) + "</tr>", rows),
        )

    def save_model(self, request, obj, form, change):
        obj.unit = obj.registering_organization.unit
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def has_change_permission(self, request, obj=None):
        # Status only changes through the workflow; the record itself only while it is a draft.
        return super().has_change_permission(request, obj) and (obj is None or obj.is_editable)

    def has_delete_permission(self, request, obj=None):
        # A submitted model has a history of decisions: it is stopped through the workflow, never deleted.
        return super().has_delete_permission(request, obj) and (obj is None or obj.status == Status.DRAFT)


@admin.register(Announcement)
class AnnouncementAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["decision", "organization", "published_at"]
    readonly_fields = ["decision", "organization", "published_by", "published_at"]

    def has_add_permission(self, request):
        return False


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["order", "group", "name", "max_score", "guidance"]


class RubricAdminForm(forms.ModelForm):
    def clean(self):
        data = super().clean()
        organization, level = data.get("organization"), data.get("level")
        if organization and level and level not in levels_for(organization):
            self.add_error("level", _("This body cannot set criteria for a level above its own."))
        return data


@admin.register(Rubric)
class RubricAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Rubrics as the pages keep them: frozen once a score sheet uses them (a change is a new version there)."""

    form = RubricAdminForm
    list_display = ["name", "organization", "level", "valid_from_year", "valid_to_year", "version", "pass_mark"]
    list_filter = ["level", "valid_from_year"]
    search_fields = ["name"]
    list_select_related = ["organization"]
    readonly_fields = ["version", "previous_version", "created_by", "created_at"]
    inlines = [CriterionInline]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or not frozen_reason(obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or not frozen_reason(obj))
