"""REST endpoints of the control room: tasks, their events, relay callbacks."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from layouts import services as layout_services
from layouts.api.common import AnyJSONField, Paginated, parse
from layouts.core.storable import storable_copy
from studio import redaction
from studio.control import callbacks, selectors
from studio.control.models import AppProfile, MixTask, TaskEvent
from studio.control.selectors import get_task
from studio.control.services import (
    idempotency,
    playback,
    profiles,
    reconcile,
    room,
    stop,
    take,
)
from studio.control.services.errors import AwaitingAnswer
from studio.etags import Revalidated


class RedactedJSONField(serializers.JSONField):
    """Stored JSON as anyone may see it: every secret masked by name and by shape."""

    def to_representation(self, value):  # noqa: ANN001, ANN201
        return redaction.redact(storable_copy(value))


class TaskSerializer(serializers.ModelSerializer):
    sdk_app_id = serializers.IntegerField(source="app_profile.sdk_app_id", read_only=True)
    preset_name = serializers.CharField(
        source="preset.name", read_only=True, default=None, allow_null=True
    )
    started_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    params = RedactedJSONField(read_only=True)
    outputs_off = RedactedJSONField(
        read_only=True, help_text="CDN outputs turned off: not sent, kept to be turned on again"
    )
    playback_urls = RedactedJSONField(
        read_only=True,
        help_text="Where viewers watch each CDN output: [{PublishCdnUrl, PlaybackUrl}], never sent",
    )
    cdn_status = RedactedJSONField(read_only=True)
    last_error = RedactedJSONField(read_only=True)

    class Meta:
        model = MixTask
        fields = [
            "id",
            "task_id",
            "status",
            "sequence_number",
            "backend",
            "sdk_app_id",
            "room_id",
            "room_id_type",
            "robot_user_id",
            "stop_wanted",
            "preset",
            "preset_name",
            "params",
            "outputs_off",
            "playback_urls",
            "cdn_status",
            "last_error",
            "started_by",
            "created_at",
            "updated_at",
            "stopped_at",
            "show_key",
            "leg",
        ]
        read_only_fields = fields


class TaskListItemSerializer(TaskSerializer):
    """A task in a list: its outputs (PublishCdnParams) instead of every parameter."""

    outputs = RedactedJSONField(
        read_only=True, default=list, help_text="PublishCdnParams of the parameters in force"
    )

    class Meta(TaskSerializer.Meta):
        fields = [name for name in TaskSerializer.Meta.fields if name != "params"] + ["outputs"]
        read_only_fields = fields

    def to_representation(self, task: MixTask) -> dict:
        body = super().to_representation(task)
        body["outputs"] = body["outputs"] or []
        return body


class TaskListInput(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=MixTask.Status.values, required=False, allow_blank=True, default=""
    )
    fields = serializers.ChoiceField(
        choices=["params"], required=False, allow_blank=True, default=""
    )


class TaskEventsInput(serializers.Serializer):
    after = serializers.IntegerField(
        min_value=0, max_value=selectors.MAX_ID, required=False, default=0
    )


class TaskEventSerializer(serializers.ModelSerializer):
    user = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    request = RedactedJSONField(read_only=True)
    response = RedactedJSONField(read_only=True)

    class Meta:
        model = TaskEvent
        fields = [
            "id",
            "kind",
            "action",
            "request",
            "response",
            "request_id",
            "error_code",
            "sequence_number",
            "latency_ms",
            "awaiting_answer",
            "user",
            "created_at",
        ]
        read_only_fields = fields


class AppProfileSerializer(serializers.ModelSerializer):
    holds_sdk_key = serializers.BooleanField(source="has_sdk_secret_key", read_only=True)

    class Meta:
        model = AppProfile
        fields = ["id", "name", "sdk_app_id", "region", "holds_sdk_key"]
        read_only_fields = fields


@extend_schema(tags=["tasks"], responses=AppProfileSerializer(many=True))
class AppProfileListView(APIView):
    """The applications tasks can run in (no keys: those never leave the server)."""

    def get(self, request: Request) -> Response:
        return Response(AppProfileSerializer(selectors.app_profiles(), many=True).data)


class StartInput(serializers.Serializer):
    request = AnyJSONField(
        help_text="StartPublishCdnStream fields; SdkAppId picks the app "
        "profile (the emulator's own when absent). MixStudio (ours, never sent): "
        "OutputsOff, and PlaybackUrls [{PublishCdnUrl, PlaybackUrl}] where viewers watch "
        "each output (http(s), .m3u8 or .flv, a public host)."
    )
    preset = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="The preset launched: its whole show supplies every top-level part the "
        "request leaves out",
    )
    fill_from_preset = serializers.BooleanField(
        required=False,
        default=True,
        help_text="false: the request is the whole show and the preset is only recorded",
    )
    scenario = AnyJSONField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Emulator tasks: a scenario to rehearse in the task's simulated room, in "
        "real time from its start, instead of the show's own (MixStudio.Scenario); never sent",
    )


class UpdateInput(serializers.Serializer):
    request = AnyJSONField(
        help_text="UpdatePublishCdnStream fields; SdkAppId, TaskId and "
        "SequenceNumber are filled in."
    )


@extend_schema(tags=["tasks"])
class TaskListView(Paginated, Revalidated, APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, description="Only tasks with this status"),
            OpenApiParameter("fields", str, description="params: every parameter in force"),
        ],
        responses=TaskListItemSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        """The newest tasks first, a page at a time."""
        data = parse(TaskListInput, request.query_params.dict())
        full = data["fields"] == "params"
        tasks = selectors.task_list(selectors.TaskFilters(status=data["status"]), params=full)
        shape = TaskSerializer if full else TaskListItemSerializer
        return self.paginated(request, tasks, lambda page: shape(page, many=True).data)

    @extend_schema(
        request=StartInput,
        parameters=[
            OpenApiParameter(
                idempotency.HEADER,
                str,
                OpenApiParameter.HEADER,
                description="Any token of 1 to 255 printable ASCII characters (a UUID, say). "
                "The same key and body within 24 h answers the task the first Start made "
                "(200, header Idempotent-Replayed: true) and sends nothing; another body "
                "with the key answers 422. Per user.",
            )
        ],
        responses={201: TaskSerializer, 200: TaskSerializer, 202: TaskSerializer},
    )
    def post(self, request: Request) -> Response:
        """Start a task; 201 with its Location, 202 while the cloud's answer is awaited."""
        data = parse(StartInput, request.data)
        body = data["request"]
        app = profiles.app_for(body.get("SdkAppId") if isinstance(body, dict) else None)
        preset = (
            layout_services.get_preset(data["preset"]) if data.get("preset") is not None else None
        )
        try:
            started = idempotency.start_once(
                user=request.user,
                key=request.headers.get(idempotency.HEADER),
                body=request.data,
                start=lambda: room.start_rehearsed(
                    app=app,
                    request=body,
                    user=request.user,
                    preset=preset,
                    fill_from_preset=data["fill_from_preset"],
                    scenario=data["scenario"],
                ),
            )
        except AwaitingAnswer as waiting:
            return awaiting_response(waiting)
        response = Response(
            TaskSerializer(started.task).data,
            status=status.HTTP_200_OK if started.replayed else status.HTTP_201_CREATED,
            headers={"Location": reverse("task-detail", args=[started.task.pk])},
        )
        if started.replayed:
            response["Idempotent-Replayed"] = "true"
        return response


@extend_schema(tags=["tasks"], request=StartInput, responses={200: {"type": "object"}})
class TaskCheckView(APIView):
    """Check a launch without sending it: problems, the request (secrets hidden), costs."""

    changes_nothing = True

    def post(self, request: Request) -> Response:
        data = parse(StartInput, request.data)
        body = data["request"]
        app = profiles.app_for(body.get("SdkAppId") if isinstance(body, dict) else None)
        preset = (
            layout_services.get_preset(data["preset"]) if data.get("preset") is not None else None
        )
        return Response(
            playback.check_launch(
                app=app, request=body, preset=preset, fill_from_preset=data["fill_from_preset"]
            )
        )


@extend_schema(tags=["tasks"], responses=TaskSerializer)
class TaskDetailView(Revalidated, APIView):
    def get(self, request: Request, pk: int) -> Response:
        return Response(TaskSerializer(get_task(pk)).data)


@extend_schema(tags=["tasks"], request=UpdateInput, responses=TaskSerializer)
class TaskUpdateView(APIView):
    def post(self, request: Request, pk: int) -> Response:
        data = parse(UpdateInput, request.data)
        try:
            task = take.update_task(pk, request=data["request"], user=request.user)
        except AwaitingAnswer as waiting:
            return awaiting_response(waiting)
        return Response(TaskSerializer(task).data)


class TakeInput(serializers.Serializer):
    document = AnyJSONField(
        required=False,
        allow_null=True,
        help_text="The staged VideoParams, whole; absent = as in force",
    )
    request = AnyJSONField(
        required=False,
        allow_null=True,
        help_text="Other staged parts of the task, whole (e.g. PublishCdnParams); absent = as "
        "in force",
    )
    dry_run = serializers.BooleanField(
        required=False, default=False, help_text="Answer the Update it would send, send nothing"
    )


@extend_schema(tags=["tasks"], request=TakeInput, responses=TaskSerializer)
class TaskTakeView(APIView):
    """Put the staged document on air: the server computes the UpdatePublishCdnStream."""

    def post(self, request: Request, pk: int) -> Response:
        data = parse(TakeInput, request.data)
        staged = {"document": data.get("document"), "request": data.get("request")}
        if data["dry_run"]:
            return Response(take.preview_take(pk, **staged))
        task = take.take_task(pk, **staged, user=request.user)
        return Response(TaskSerializer(task).data)


class StopInput(serializers.Serializer):
    RecordKey = AnyJSONField(  # noqa: N815 - the API's own field name (B.22)
        required=False,
        help_text="The RecordKey of the task's recording: it ends now, not after RecordWaitTime",
    )


@extend_schema(tags=["tasks"], request=StopInput, responses=TaskSerializer)
class TaskStopView(APIView):
    """Stop it, from any live state; without a TaskId it reconciles first."""

    def post(self, request: Request, pk: int) -> Response:
        record_key = parse(StopInput, request.data).get("RecordKey")
        try:
            task = stop.stop_task(pk, user=request.user, record_key=record_key)
        except AwaitingAnswer as waiting:
            return awaiting_response(waiting)
        return Response(TaskSerializer(task).data)


@extend_schema(
    tags=["tasks"],
    request=None,
    responses=inline_serializer(
        "ReconcileReport",
        {
            "status": serializers.CharField(),
            "task_id_known": serializers.BooleanField(),
            "findings": serializers.ListField(child=serializers.DictField()),
            "task": TaskSerializer(),
        },
    ),
)
class TaskReconcileView(APIView):
    """Find out what the cloud did with the task: what was found, and the task after it."""

    def post(self, request: Request, pk: int) -> Response:
        report = reconcile.reconcile_task(pk, user=request.user)
        body = report.payload()
        body["task"] = TaskSerializer(get_task(pk)).data
        return Response(body)


def awaiting_response(waiting: AwaitingAnswer) -> Response:
    """202: the call left and its answer is awaited; the task as it stands now."""
    body = TaskSerializer(get_task(waiting.task_pk)).data
    body.update({"awaiting_answer": True, "message": waiting.message})
    return Response(body, status=status.HTTP_202_ACCEPTED)


@extend_schema(tags=["tasks"], responses=TaskEventSerializer(many=True))
class TaskEventsView(Paginated, Revalidated, APIView):
    @extend_schema(parameters=[OpenApiParameter("after", int, description="Only newer events")])
    def get(self, request: Request, pk: int) -> Response:
        """The task's calls and callbacks, newest first, a page at a time."""
        after = parse(TaskEventsInput, request.query_params.dict())["after"]
        events = selectors.task_events(get_task(pk), after=after)
        return self.paginated(
            request, events, lambda page: TaskEventSerializer(page, many=True).data
        )


@extend_schema(
    tags=["callbacks"],
    request={"application/json": {"type": "object"}},
    responses={200: {"type": "object"}},
)
class RelayCallbackView(APIView):
    """Tencent's relay callbacks. Authenticated by the Sign header, not by login. A room
    or media callback sent here (one URL for every callback) is taken as at room/."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    def post(self, request: Request) -> Response:
        # The Sign covers the exact bytes: read them before anything parses JSON.
        raw = request.body
        if callbacks.is_room_callback(raw):
            room = callbacks.receive_room_callback(
                raw, request.headers.get("Sign"), request.headers.get("SdkAppId")
            )
            return Response({"code": 0, "tasks": room.tasks})
        received = callbacks.receive_relay_callback(
            raw, request.headers.get("Sign"), request.headers.get("SdkAppId")
        )
        if received.duplicate:
            message = _("This event was received before; it is applied once.")
        elif received.event is None:
            message = _("No task of this application has this TaskId.")
        else:
            message = ""
        return Response(
            {
                "code": 0,
                "recorded": received.event is not None,
                "duplicate": received.duplicate,
                "message": message,
            }
        )
