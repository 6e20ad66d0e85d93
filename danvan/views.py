"""The hierarchy browser (provinces → districts → communes of both eras) and organizations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from danvan.forms import OrganizationForm
from danvan.locking import StaleEdit
from danvan.models import AdministrativeUnit, Era, Organization
from danvan.organizations import save_organization
from danvan.scoping import get_editable_or_403, get_visible_or_404, scope_for


def _era_or_404(era: str) -> str:
    if era not in Era.values:
        raise Http404
    return era


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    era = _era_or_404(request.GET.get("era", Era.FROM_2025))
    query = request.GET.get("q", "").strip()
    if query:
        # Searches span both eras: people look for a name, not for an era.
        units = AdministrativeUnit.objects.search(query).select_related("parent__parent")
        page = Paginator(units.order_by("-era", "level", "code"), 50).get_page(request.GET.get("page"))
        return render(request, "danvan/unit_search.html", {"era": era, "query": query, "page": page})
    provinces = (
        AdministrativeUnit.objects.filter(era=era, level="province")
        .annotate(child_count=Count("children"))
        .order_by("code")
    )
    return render(request, "danvan/unit_list.html", {"era": era, "eras": Era.choices, "provinces": provinces})


@login_required
def unit_detail(request: HttpRequest, era: str, code: str) -> HttpResponse:
    unit = get_object_or_404(
        AdministrativeUnit.objects.select_related("parent__parent"), era=_era_or_404(era), code=code
    )
    children = unit.children.annotate(child_count=Count("children")).order_by("code")
    successions = unit.successions.select_related("successor__parent").order_by("successor__code")
    predecessions = unit.predecessions.select_related("predecessor__parent__parent").order_by("predecessor__code")
    organizations = Organization.objects.visible_to(request.user).filter(unit=unit).select_related("parent")
    return render(
        request,
        "danvan/unit_detail.html",
        {
            "unit": unit,
            "ancestors": _ancestors(unit),
            "children": children,
            "successions": successions,
            "predecessions": predecessions,
            "organizations": organizations,
            "in_scope": scope_for(request.user).covers(unit.path),
        },
    )


def _ancestors(unit: AdministrativeUnit) -> list[AdministrativeUnit]:
    ancestors, current = [], unit.parent
    while current is not None:
        ancestors.insert(0, current)
        current = current.parent
    return ancestors


@login_required
def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organization = get_visible_or_404(
        Organization.objects.select_related("unit__parent__parent", "parent"), request.user, pk=pk
    )
    members = organization.memberships.current().select_related("user").order_by("role", "user__username")
    can_edit = Organization.objects.editable_by(request.user).filter(pk=pk).exists()
    return render(
        request,
        "danvan/organization_detail.html",
        {"organization": organization, "members": members, "can_edit": can_edit},
    )


@login_required
def organization_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organization = get_editable_or_403(Organization.objects.all(), request.user, pk=pk)
    form = OrganizationForm(request.POST or None, instance=organization)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            save_organization(form)
        except StaleEdit as stale:
            conflict = stale
            form.accept_current_version(stale.current_version)
        else:
            messages.success(request, _("The organization is saved."))
            return redirect("organization-detail", pk=organization.pk)
    context = {"organization": organization, "form": form, "conflict": conflict}
    return render(request, "danvan/organization_form.html", context)


def health(request: HttpRequest) -> JsonResponse:
    """For the load balancer: 200 when this app server reaches its database, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "database unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form refused by the CSRF check (settings.CSRF_FAILURE_VIEW), explained in the portal's layout."""
    return render(request, "403_csrf.html", status=403)
