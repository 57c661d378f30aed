from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views import View
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from layouts import views as layout_views
from studio import language
from studio.control import views
from studio.onair import overlay_api


class ApiDocsView(SpectacularSwaggerView):
    """The interactive documentation. It is an HTML page, which has no fields for
    OPTIONS to describe: OPTIONS answers its Allow header, as a plain view does."""

    def options(self, request, *args, **kwargs):  # noqa: ANN001, ANN201
        return View.options(self, request, *args, **kwargs)


urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("media/assets/<str:name>", layout_views.asset_file, name="asset-file"),
    path("presets/", layout_views.library, name="library"),
    path("assets/", layout_views.asset_library, name="asset-library"),
    path("fonts/canvas.css", layout_views.canvas_font_css, name="canvas-font-css"),
    path("fonts/<str:version>/<str:name>.woff2", layout_views.canvas_font, name="canvas-font"),
    path("tasks/", views.tasks_page, name="tasks"),
    path("tasks/launch", views.launch_page, name="launch"),
    path("tasks/wall/", views.wall_page, name="wall"),
    path("tasks/<int:pk>/", views.task_page, name="task"),
    path("tasks/shows/<uuid:key>/", views.show_page, name="show"),
    path("presets/new", layout_views.editor, name="editor-new"),
    path("presets/<int:pk>/edit", layout_views.editor, name="editor"),
    path("jsi18n/", login_not_required(JavaScriptCatalog.as_view()), name="javascript-catalog"),
    path("api/", include("layouts.urls")),
    path("api/", include("studio.api_urls")),
    path(
        "api/tasks/<int:pk>/program/sei/",
        overlay_api.TaskProgramSeiView.as_view(),
        name="task-program-sei",
    ),
    path("sandbox/", include("studio.cloud.emulator.program.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", ApiDocsView.as_view(url_name="api-schema"), name="api-docs"),
    path("i18n/setlang/", language.set_language, name="set_language"),
    path("mcp/", include("studio.agents.urls")),
]
