"""/api/webhooks/: included by studio/api_urls.py."""

from django.urls import path

from studio.webhooks import api

urlpatterns = [
    path("", api.WebhookListView.as_view(), name="webhook-list"),
    path("<int:pk>/", api.WebhookDetailView.as_view(), name="webhook-detail"),
    path("<int:pk>/deliveries/", api.WebhookDeliveriesView.as_view(), name="webhook-deliveries"),
    path("<int:pk>/test/", api.WebhookTestView.as_view(), name="webhook-test"),
]
