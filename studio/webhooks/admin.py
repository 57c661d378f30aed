"""Webhooks in the admin: register one (its secret shown once), its delivery history,
and a test event."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from layouts.admin import ReadOnlyAdmin, pretty_json
from layouts.errors import MixStudioError
from studio.webhooks import events, services, signing, transport
from studio.webhooks.models import Delivery, Webhook


class WebhookForm(forms.ModelForm):
    url = forms.URLField(label=_("URL"), max_length=transport.MAX_URL_LENGTH, assume_scheme="https")
    events = forms.MultipleChoiceField(
        label=_("events"),
        choices=list(events.EVENTS.items()),  # lazy labels: read in the page's language
        widget=forms.CheckboxSelectMultiple,
        initial=list(events.EVENT_NAMES),
    )

    class Meta:
        model = Webhook
        fields = ["url", "description", "events", "active"]

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        if self.instance.pk is None or url != self.instance.url:
            try:
                transport.check_url(url)
            except MixStudioError as error:
                raise forms.ValidationError(error.message) from None
        return url

    def clean_events(self) -> list[str]:
        chosen = set(self.cleaned_data["events"])
        return [name for name in events.EVENT_NAMES if name in chosen]


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    form = WebhookForm
    list_display = ["url", "description", "active", "event_list", "history", "created_at"]
    list_filter = ["active"]
    search_fields = ["url", "description"]
    readonly_fields = ["history", "created_by", "created_at"]
    actions = ["send_test_event"]

    @admin.display(description=_("events"))
    def event_list(self, hook: Webhook) -> str:
        return ", ".join(hook.events)

    @admin.display(description=_("delivery history"))
    def history(self, hook: Webhook) -> str:
        if hook.pk is None:
            return "—"
        link = reverse("admin:webhooks_delivery_changelist") + f"?webhook__id__exact={hook.pk}"
        return format_html(
            '<a href="{}">{}</a>',
            link,
            _("delivery history (%(count)d)") % {"count": hook.deliveries.count()},
        )

    def save_model(self, request, hook: Webhook, form, change: bool) -> None:  # noqa: ANN001
        if change:
            super().save_model(request, hook, form, change)
            return
        secret = signing.new_secret()
        hook.secret = secret
        hook.created_by = request.user
        super().save_model(request, hook, form, change)
        self.message_user(
            request,
            _(
                "The webhook's secret is %(secret)s. Copy it now: it is not shown again. "
                "It signs every delivery (X-MixStudio-Signature)."
            )
            % {"secret": secret},
            messages.WARNING,
        )

    @admin.action(description=_("Send a test event to the selected webhooks"))
    def send_test_event(self, request, queryset) -> None:  # noqa: ANN001
        count = 0
        for hook in queryset:
            services.send_test_event(hook)
            count += 1
        self.message_user(
            request,
            _("A test event is on its way to %(count)d webhook(s); see their delivery history.")
            % {"count": count},
        )


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "webhook",
        "event",
        "status",
        "attempts",
        "last_status_code",
        "next_attempt_at",
        "delivered_at",
    ]
    list_filter = ["status", "event", "webhook"]
    search_fields = ["delivery_id", "event_id", "webhook__url"]
    fields = ["webhook", *Delivery.HISTORY_FIELDS, "shown_payload"]
    readonly_fields = fields

    @admin.display(description=_("payload"))
    def shown_payload(self, delivery: Delivery) -> str:
        return pretty_json(delivery.payload)
