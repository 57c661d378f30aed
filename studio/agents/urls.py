from django.urls import path

from studio.agents import views

urlpatterns = [path("", views.mcp_endpoint, name="mcp")]
