from django.urls import path

from conferences import views

app_name = "conferences"

urlpatterns = [
    path("", views.conference_list, name="list"),
    path("new/", views.conference_create, name="create"),
    path("new/from-article/", views.conference_from_article, name="from-article"),
    path("<int:pk>/", views.conference_detail, name="detail"),
    path("<int:pk>/edit/", views.conference_edit, name="edit"),
    path("<int:pk>/finalize/", views.conference_finalize, name="finalize"),
    path("<int:pk>/correct/", views.conference_correct, name="correct"),
    path("<int:pk>/minutes.pdf", views.conference_minutes_pdf, name="minutes-pdf"),
    path("<int:pk>/minutes.docx", views.conference_minutes_docx, name="minutes-docx"),
    path("directives/", views.directive_follow_up, name="directive-follow-up"),
    path("directives/<int:pk>/", views.directive_detail, name="directive-detail"),
]
