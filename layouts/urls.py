from django.urls import path
from rest_framework.routers import SimpleRouter

from layouts import api

router = SimpleRouter()
router.register("presets", api.PresetViewSet, basename="preset")

urlpatterns = [
    # Before the router, so that "import" is not taken for a preset id.
    path("presets/import/", api.PresetImportView.as_view(), name="preset-import"),
    path(
        "presets/<int:pk>/preview.png", api.PresetThumbnailView.as_view(), name="preset-thumbnail"
    ),
    path("layouts/validate/", api.ValidateView.as_view(), name="layout-validate"),
    path("layouts/extract/", api.ExtractView.as_view(), name="layout-extract"),
    path("layouts/schema/", api.DocumentSchemaView.as_view(), name="layout-schema"),
    path("layouts/regions/", api.RegionsView.as_view(), name="layout-regions"),
    path("layouts/preview/", api.PreviewView.as_view(), name="layout-preview"),
    path("layouts/reflow/", api.ReflowView.as_view(), name="layout-reflow"),
    path("scenarios/render/", api.ScenarioRenderView.as_view(), name="scenario-render"),
    path("scenarios/room/", api.ScenarioRoomView.as_view(), name="scenario-room"),
    path("scenarios/starters/", api.ScenarioStartersView.as_view(), name="scenario-starters"),
    path("assets/", api.AssetListView.as_view(), name="asset-list"),
    path("assets/<int:pk>/", api.AssetDetailView.as_view(), name="asset-detail"),
    *router.urls,
]
