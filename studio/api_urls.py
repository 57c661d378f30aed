from django.urls import include, path

from studio.control import api, director_api, room_api, shows_api
from studio.onair import api as onair_api

urlpatterns = [
    path("apps/", api.AppProfileListView.as_view(), name="app-list"),
    path("tasks/", api.TaskListView.as_view(), name="task-list"),
    path("tasks/check/", api.TaskCheckView.as_view(), name="task-check"),
    path("tasks/<int:pk>/", api.TaskDetailView.as_view(), name="task-detail"),
    path("tasks/<int:pk>/update/", api.TaskUpdateView.as_view(), name="task-update"),
    path("tasks/<int:pk>/take/", api.TaskTakeView.as_view(), name="task-take"),
    path("tasks/<int:pk>/stop/", api.TaskStopView.as_view(), name="task-stop"),
    path("tasks/<int:pk>/reconcile/", api.TaskReconcileView.as_view(), name="task-reconcile"),
    path("tasks/<int:pk>/director/", director_api.TaskDirectorView.as_view(), name="task-director"),
    path("tasks/<int:pk>/slate/", director_api.TaskSlateView.as_view(), name="task-slate"),
    path("shows/", shows_api.ShowListView.as_view(), name="show-list"),
    path("shows/<uuid:key>/", shows_api.ShowDetailView.as_view(), name="show-detail"),
    path("shows/<uuid:key>/take/", shows_api.ShowTakeView.as_view(), name="show-take"),
    path("shows/<uuid:key>/slate/", shows_api.ShowSlateView.as_view(), name="show-slate"),
    path("shows/<uuid:key>/stop/", shows_api.ShowStopView.as_view(), name="show-stop"),
    path("tasks/<int:pk>/events/", api.TaskEventsView.as_view(), name="task-events"),
    path("tasks/<int:pk>/program/", onair_api.TaskProgramView.as_view(), name="task-program"),
    path("tasks/<int:pk>/room/", onair_api.TaskRoomView.as_view(), name="task-room"),
    path(
        "tasks/<int:pk>/room/events/",
        onair_api.TaskRoomEventsView.as_view(),
        name="task-room-events",
    ),
    path("tasks/<int:pk>/scenario/", onair_api.TaskScenarioView.as_view(), name="task-scenario"),
    path("tasks/<int:pk>/verify/", onair_api.TaskVerifyView.as_view(), name="task-verify"),
    path("callbacks/relay/", api.RelayCallbackView.as_view(), name="relay-callback"),
    path("callbacks/room/", room_api.RoomCallbackView.as_view(), name="room-callback"),
    path("webhooks/", include("studio.webhooks.urls")),
]
