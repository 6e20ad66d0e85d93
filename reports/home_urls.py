"""The site root: each role's home page, which reads across the apps (included without a namespace)."""

from django.urls import path

from reports import views

urlpatterns = [path("", views.home, name="home")]
