from django.urls import path
from rest_framework.routers import SimpleRouter

from layouts.api import assets, differences, director, documents, presets, scenarios

router = SimpleRouter()
router.register("presets", presets.PresetViewSet, basename="preset")

urlpatterns = [
    # Before the router, so that "import" is not taken for a preset id.
    path("presets/import/", presets.PresetImportView.as_view(), name="preset-import"),
    path(
        "presets/<int:pk>/preview.png",
        presets.PresetThumbnailView.as_view(),
        name="preset-thumbnail",
    ),
    path("layouts/validate/", documents.ValidateView.as_view(), name="layout-validate"),
    path("layouts/extract/", documents.ExtractView.as_view(), name="layout-extract"),
    path("layouts/schema/", documents.DocumentSchemaView.as_view(), name="layout-schema"),
    path("layouts/regions/", documents.RegionsView.as_view(), name="layout-regions"),
    path("layouts/preview/", documents.PreviewView.as_view(), name="layout-preview"),
    path("layouts/reflow/", documents.ReflowView.as_view(), name="layout-reflow"),
    path("layouts/difference/", differences.DifferenceView.as_view(), name="layout-difference"),
    path("layouts/dry-run/", director.DryRunView.as_view(), name="layout-dry-run"),
    path("rules/starters/", director.RuleStartersView.as_view(), name="rule-starters"),
    path("scenarios/render/", scenarios.ScenarioRenderView.as_view(), name="scenario-render"),
    path("scenarios/room/", scenarios.ScenarioRoomView.as_view(), name="scenario-room"),
    path("scenarios/starters/", scenarios.ScenarioStartersView.as_view(), name="scenario-starters"),
    path("assets/", assets.AssetListView.as_view(), name="asset-list"),
    path("assets/<int:pk>/", assets.AssetDetailView.as_view(), name="asset-detail"),
    *router.urls,
]
