from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("events/<slug:slug>/export.xlsx", views.EventWorkbookView.as_view(), name="event-export"),
]
