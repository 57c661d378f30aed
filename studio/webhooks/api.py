"""Webhooks over HTTP: register, list, change, remove, test, and each one's deliveries.

Producers and administrators only (viewers can neither see nor change them: a
webhook's URL and history are an integration's own). Each view parses its
input, calls one service, and serializes the result.
"""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from layouts.api.common import Paginated, parse
from studio.roles import PRODUCER
from studio.webhooks import events, selectors, services
from studio.webhooks.models import Delivery, Webhook
from studio.webhooks.transport import MAX_URL_LENGTH

EVENTS_HELP = "Event names it receives: " + ", ".join(events.EVENT_NAMES)


class WebhookSerializer(serializers.ModelSerializer):
    created_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    events = serializers.ListField(child=serializers.CharField(), help_text=EVENTS_HELP)

    class Meta:
        model = Webhook
        fields = ["id", "url", "description", "events", "active", "created_by", "created_at"]
        read_only_fields = fields


class RegisteredSerializer(WebhookSerializer):
    secret = serializers.CharField(
        help_text="Signs every delivery (X-MixStudio-Signature). Answered this once only."
    )

    class Meta(WebhookSerializer.Meta):
        fields = [*WebhookSerializer.Meta.fields, "secret"]
        read_only_fields = fields


class DeliverySerializer(serializers.ModelSerializer):
    # Text, not an enum in the schema: the task's `status` enum keeps its own name there.
    status = serializers.CharField(
        read_only=True,
        help_text="pending (an attempt is to come), delivered (answered 2xx) or failed "
        "(every attempt failed, or the webhook was turned off)",
    )

    class Meta:
        model = Delivery
        fields = [*Delivery.HISTORY_FIELDS, "payload"]
        read_only_fields = fields


class WebhookInput(serializers.Serializer):
    url = serializers.CharField(
        max_length=MAX_URL_LENGTH, help_text="http(s) URL on a public address"
    )
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=events.EVENT_NAMES),
        allow_empty=False,
        max_length=len(events.EVENT_NAMES),
        required=False,
        help_text=EVENTS_HELP + " (default: all)",
    )
    active = serializers.BooleanField(required=False, default=True)
    description = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )


class WebhookChangeInput(WebhookInput):
    url = serializers.CharField(max_length=MAX_URL_LENGTH, required=False)
    active = serializers.BooleanField(required=False)
    description = serializers.CharField(max_length=200, required=False, allow_blank=True)


class ProducersOnly:
    read_role = PRODUCER
    required_role = PRODUCER


@extend_schema(tags=["webhooks"])
class WebhookListView(ProducersOnly, Paginated, APIView):
    @extend_schema(responses=WebhookSerializer(many=True))
    def get(self, request: Request) -> Response:
        """Every webhook, newest first, a page at a time (no secrets)."""
        return self.paginated(
            request,
            selectors.webhook_list(),
            lambda page: WebhookSerializer(page, many=True).data,
        )

    @extend_schema(request=WebhookInput, responses={201: RegisteredSerializer})
    def post(self, request: Request) -> Response:
        """Register a URL; the answer holds its secret, never shown again."""
        data = parse(WebhookInput, request.data)
        registered = services.create_webhook(
            url=data["url"],
            events_wanted=data.get("events"),
            active=data["active"],
            description=data["description"],
            user=request.user,
        )
        body = dict(WebhookSerializer(registered.webhook).data, secret=registered.secret)
        return Response(
            body,
            status=status.HTTP_201_CREATED,
            headers={"Location": reverse("webhook-detail", args=[registered.webhook.pk])},
        )


@extend_schema(tags=["webhooks"])
class WebhookDetailView(ProducersOnly, APIView):
    @extend_schema(responses=WebhookSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(WebhookSerializer(selectors.get_webhook(pk)).data)

    @extend_schema(request=WebhookChangeInput, responses=WebhookSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        """Change what is given (a new URL is checked again); the secret stays."""
        return self._change(request, pk, WebhookChangeInput)

    @extend_schema(request=WebhookInput, responses=WebhookSerializer)
    def put(self, request: Request, pk: int) -> Response:
        """Replace it whole (url required); the secret stays."""
        return self._change(request, pk, WebhookInput)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        """Remove it and its delivery history."""
        services.delete_webhook(selectors.get_webhook(pk))
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _change(self, request: Request, pk: int, shape: type[serializers.Serializer]) -> Response:
        hook = selectors.get_webhook(pk)
        data = parse(shape, request.data)
        changed = services.change_webhook(
            hook,
            url=data.get("url"),
            events_wanted=data.get("events", events.EVENT_NAMES if shape is WebhookInput else None),
            active=data.get("active"),
            description=data.get("description"),
        )
        return Response(WebhookSerializer(changed).data)


@extend_schema(tags=["webhooks"])
class WebhookDeliveriesView(ProducersOnly, Paginated, APIView):
    @extend_schema(responses=DeliverySerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        """Its deliveries, newest first: each event sent, its attempts and what came back."""
        hook = selectors.get_webhook(pk)
        return self.paginated(
            request,
            selectors.deliveries_of(hook),
            lambda page: DeliverySerializer(page, many=True).data,
        )


@extend_schema(tags=["webhooks"])
class WebhookTestView(ProducersOnly, APIView):
    @extend_schema(request=None, responses={202: DeliverySerializer})
    def post(self, request: Request, pk: int) -> Response:
        """Send it a `ping` event now, signed and retried as every event is."""
        delivery = services.send_test_event(selectors.get_webhook(pk))
        return Response(DeliverySerializer(delivery).data, status=status.HTTP_202_ACCEPTED)
