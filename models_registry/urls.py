from django.urls import path

from models_registry import import_views, rubric_views, views

app_name = "registry"

urlpatterns = [
    path("", views.model_list, name="list"),
    path("new/", views.model_create, name="create"),
    path("queue/", views.review_queue, name="queue"),
    path("statistics/", views.statistics, name="statistics"),
    path("<int:pk>/", views.model_detail, name="detail"),
    path("<int:pk>/edit/", views.model_edit, name="edit"),
    path("<int:pk>/act/<str:action>/", views.model_act, name="act"),
    path("<int:pk>/attachments/", views.attachment_upload, name="attachment-upload"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment-download"),
    path("announcements/", views.announcement_list, name="announcements"),
    path("announcements/<int:pk>/", views.announcement_detail, name="announcement-detail"),
    path("recognitions/<int:pk>/publish/", views.publish, name="publish"),
    path("import/", import_views.import_upload, name="import"),
    path("import/<int:pk>/confirm/", import_views.import_confirm, name="import-confirm"),
    path("import/template.xlsx", import_views.import_template, name="import-template"),
    path("export/", import_views.export_models, name="export"),
    path("<int:pk>/score/", rubric_views.score_sheet, name="score-sheet"),
    path("rubrics/", rubric_views.rubric_list, name="rubrics"),
    path("rubrics/new/", rubric_views.rubric_create, name="rubric-create"),
    path("rubrics/<int:pk>/", rubric_views.rubric_detail, name="rubric-detail"),
    path("rubrics/<int:pk>/edit/", rubric_views.rubric_edit, name="rubric-edit"),
    path("rubrics/<int:pk>/new-version/", rubric_views.rubric_new_version, name="rubric-new-version"),
    path("rubrics/<int:pk>/criteria.xlsx", rubric_views.rubric_export, name="rubric-export"),
]
