from django.urls import path

from reports import report_views

app_name = "reports"

urlpatterns = [
    path("", report_views.dashboard, name="dashboard"),
    path("issue/", report_views.report_issue, name="issue"),
    path("<int:pk>/", report_views.report_detail, name="detail"),
    path("<int:pk>/pdf/", report_views.report_pdf, name="pdf"),
    path("<int:pk>/docx/", report_views.report_docx, name="docx"),
]
