from django.contrib import admin

from danvan.admin import ScopedAdminMixin
from models_registry.models import Announcement, Attachment, EmulationModel, Field, Recognition, Transition


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order"]
    prepopulated_fields = {"code": ["name"]}


class RecognitionInline(admin.TabularInline):
    model = Recognition
    extra = 0
    fields = ["level", "decision", "decided_on", "deciding_organization", "recorded_by"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        # Recognitions are recorded through the workflow, which checks the level.
        return False


class TransitionInline(admin.TabularInline):
    model = Transition
    extra = 0
    fields = ["at", "actor", "action", "from_status", "to_status", "level", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class AttachmentInline(admin.TabularInline):
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
    autocomplete_fields = ["registering_organization", "unit", "person"]
    readonly_fields = ["status", "review_level", "level_reached", "created_by", "created_at"]
    inlines = [RecognitionInline, AttachmentInline, TransitionInline]

    def has_change_permission(self, request, obj=None):
        # Status only changes through the workflow; the record itself only while it is a draft.
        return super().has_change_permission(request, obj) and (obj is None or obj.is_editable)


@admin.register(Announcement)
class AnnouncementAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["decision", "organization", "published_at"]
    readonly_fields = ["decision", "organization", "published_by", "published_at"]

    def has_add_permission(self, request):
        return False
