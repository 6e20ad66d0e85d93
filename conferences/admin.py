from django.contrib import admin

from conferences.models import (
    Attendee,
    Commendation,
    Conference,
    ConferenceDocument,
    Directive,
    DirectiveAssignment,
    DirectiveUpdate,
    KeyFigure,
)
from conferences.services import refresh_directive_status
from danvan.admin import ScopedAdminMixin, ScopedFormFieldsMixin


class AttendeeInline(ScopedFormFieldsMixin, admin.TabularInline):
    model = Attendee
    extra = 0
    autocomplete_fields = ["person"]


class ConferenceDocumentInline(ScopedFormFieldsMixin, admin.TabularInline):
    model = ConferenceDocument
    extra = 0
    autocomplete_fields = ["document"]


class KeyFigureInline(ScopedFormFieldsMixin, admin.TabularInline):
    model = KeyFigure
    extra = 0


class CommendationInline(ScopedFormFieldsMixin, admin.TabularInline):
    model = Commendation
    extra = 0


@admin.register(Conference)
class ConferenceAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["held_on", "title", "organizer", "kind", "status", "version"]
    list_filter = ["kind", "status", "held_on"]
    search_fields = ["search_text"]
    date_hierarchy = "held_on"
    list_select_related = ["organizer"]
    autocomplete_fields = ["organizer"]
    readonly_fields = ["status", "version", "previous_version", "correction_reason", "created_by", "created_at"]
    inlines = [AttendeeInline, ConferenceDocumentInline, KeyFigureInline, CommendationInline]

    def has_change_permission(self, request, obj=None):
        # Final minutes are read-only here too: corrections go through a new version.
        return super().has_change_permission(request, obj) and (obj is None or obj.is_editable)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or obj.is_editable)


class DirectiveAssignmentInline(ScopedFormFieldsMixin, admin.TabularInline):
    """The responsible units; each unit's status changes only through its progress reports."""

    model = DirectiveAssignment
    extra = 0
    autocomplete_fields = ["organization"]
    fields = ["organization", "status", "completed_on", "latest_update"]
    readonly_fields = ["status", "completed_on", "latest_update"]


class DirectiveUpdateInline(ScopedFormFieldsMixin, admin.TabularInline):
    model = DirectiveUpdate
    extra = 0
    readonly_fields = ["created_by", "created_at"]


@admin.register(Directive)
class DirectiveAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "conference", "deadline", "status", "completed_on"]
    list_filter = ["status"]
    search_fields = ["text"]
    list_select_related = ["conference"]
    raw_id_fields = ["conference"]
    readonly_fields = ["status", "completed_on"]
    inlines = [DirectiveAssignmentInline, DirectiveUpdateInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Units and reports typed here count as they do on the directive's page.
        reporting = {
            row.instance.organization_id
            for formset in formsets
            if formset.model is DirectiveUpdate
            for row in formset.forms
            if row.has_changed() or row in formset.deleted_forms
        }
        refresh_directive_status(form.instance, organization_ids=reporting)
