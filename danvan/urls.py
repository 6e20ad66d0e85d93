from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter

from danvan import converters, notification_views, views

register_converter(converters.EraConverter, "era")
register_converter(converters.UnitCodeConverter, "unit_code")

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", views.health, name="health"),
]
urlpatterns += i18n_patterns(
    path("", include("reports.home_urls")),
    path("units/", views.unit_list, name="unit-list"),
    path("units/<era:era>/<unit_code:code>/", views.unit_detail, name="unit-detail"),
    path("organizations/<int:pk>/", views.organization_detail, name="organization-detail"),
    path("organizations/<int:pk>/edit/", views.organization_edit, name="organization-edit"),
    path("notifications/", notification_views.notification_list, name="notification-list"),
    path("notifications/<int:pk>/read/", notification_views.notification_read, name="notification-read"),
    path("notifications/read-all/", notification_views.notification_read_all, name="notification-read-all"),
    path("notifications/preferences/", notification_views.notification_preferences, name="notification-preferences"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("conferences/", include("conferences.urls")),
    path("registry/", include("models_registry.urls")),
    path("reports/", include("reports.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)
