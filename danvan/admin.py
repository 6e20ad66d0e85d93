import datetime

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from danvan.models import (
    AdministrativeUnit,
    AdministrativeUnitSuccession,
    Document,
    Membership,
    Organization,
    Person,
    Role,
)
from danvan.organizations import committee_for, mass_mobilization_board_for
from danvan.text import fold

admin.site.site_header = _("Dân vận portal: back office")
admin.site.site_title = _("Dân vận portal")
admin.site.index_title = _("Back office")


class ScopedAdminMixin:
    """Scope an admin page by the committee hierarchy, like every other page.

    Django's admin loads change and delete pages through `get_queryset`, so
    scoping it covers the list and the object pages at once; objects outside
    the scope are then reported as missing.
    """

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def _editable(self, request, obj) -> bool:
        return self.model._default_manager.editable_by(request.user).filter(pk=obj.pk).exists()

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or self._editable(request, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or self._editable(request, obj))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Organization:
            kwargs["queryset"] = Organization.objects.editable_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


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
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "full_name", "parent", "era", "valid_from", "valid_until"]
    list_filter = ["era", "level", "kind"]
    search_fields = ["search_name", "code"]
    list_select_related = ["parent"]
    readonly_fields = ["path", "source"]
    autocomplete_fields = ["parent"]
    inlines = [SuccessionInline]
    actions = ["create_organizations"]

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, fold(search_term))

    def has_change_permission(self, request, obj=None):
        # The map is official reference data: only the loader and superusers change it.
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    @admin.action(description=_("Set up the party committee and its mass mobilization body"))
    def create_organizations(self, request, queryset):
        today = datetime.date.today()
        for unit in queryset.select_related("parent__parent"):
            committee_for(unit)
            mass_mobilization_board_for(unit, on=min(today, unit.valid_until or today))
        self.message_user(request, _("Organizations are set up."), messages.SUCCESS)


@admin.register(Organization)
class OrganizationAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "issuer_code", "unit", "valid_from", "valid_until"]
    list_filter = ["kind", "unit__era", "unit__level"]
    search_fields = ["name", "issuer_code", "unit__search_name"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit", "parent"]
    readonly_fields = ["path"]
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


@admin.register(Membership)
class MembershipAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["user", "role", "organization", "position", "valid_from", "valid_until"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "organization__name"]
    list_select_related = ["user", "organization"]
    autocomplete_fields = ["user", "organization"]

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role" and not request.user.is_superuser:
            kwargs["choices"] = [(value, label) for value, label in Role.choices if value != Role.SYSTEM_ADMIN]
        return super().formfield_for_choice_field(db_field, request, **kwargs)


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "position", "organization"]
    search_fields = ["search_name", "full_name"]
    list_select_related = ["organization"]
    autocomplete_fields = ["organization"]

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, fold(search_term))


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["code", "issued_on", "issuer_name", "title"]
    list_filter = ["system", "type_code"]
    search_fields = ["code", "title", "issuer_name"]
