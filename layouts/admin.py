from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from layouts import captures, services
from layouts.core import calibration, show
from layouts.core.contract.problems import Problem
from layouts.core.rules import document as rules
from layouts.errors import problems_payload
from layouts.models import Preset, PresetRevision, TemplateCapture


class PrettyJSONField(forms.JSONField):
    def prepare_value(self, value: Any) -> str:
        if isinstance(value, forms.fields.InvalidJSONInput):
            return value
        return json.dumps(value, indent=2, ensure_ascii=False)


class OptionalJSONField(PrettyJSONField):
    """Pretty JSON where nothing (null) is shown as an empty box, not as `null`."""

    def prepare_value(self, value: Any) -> str:
        return "" if value is None else super().prepare_value(value)


class PresetAdminForm(forms.ModelForm):
    document = PrettyJSONField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 30, "cols": 100}),
        label=_("document"),
        help_text=_("VideoParams; null for an audio-only show."),
    )
    request = PrettyJSONField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 15, "cols": 100}),
        label=_("request"),
        help_text=_(
            "The rest of the StartPublishCdnStream body, without VideoParams. UserSigs and "
            "storage keys are never kept."
        ),
    )
    # Kept in the request (show.APP_KEY.SCENARIO), edited here on its own.
    scenario = OptionalJSONField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 15, "cols": 100}),
        label=_("scenario"),
        help_text=_(
            'The room\'s life to rehearse the show with: {"duration": seconds, "events": '
            '[{"at", "type", "UserId", ...}]}. Kept with the show, never sent to the cloud. '
            "Empty: no scenario."
        ),
    )
    meta = PrettyJSONField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 100}),
        label=_("editor data"),
    )
    tags = PrettyJSONField(
        required=False,
        label=_("tags"),
        widget=forms.TextInput(attrs={"size": 80}),
        help_text=_('A JSON list of strings, e.g. ["news", "2x2"].'),
    )
    loaded_version = forms.IntegerField(
        widget=forms.HiddenInput, required=False, label=_("version being edited")
    )

    class Meta:
        model = Preset
        fields = ["name", "description", "tags", "document", "request", "scenario", "meta"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.version
            # The scenario has its own box; the request's shows the rest.
            request = self.instance.request or {}
            self.initial["request"] = show.with_scenario(request, None)
            self.initial["scenario"] = show.scenario_of(request)

    def clean_tags(self) -> list[str]:
        try:
            return services.clean_tags(self.cleaned_data.get("tags") or [])
        except services.MixStudioError as error:
            raise forms.ValidationError(error.message) from None

    def clean_document(self) -> Any:
        document = self.cleaned_data["document"]
        if document is None:
            self.warnings = []
            return None
        problems = services.document_problems(document)
        errors = [p for p in problems if p.severity == rules.ERROR]
        if errors:
            raise forms.ValidationError(
                [f"{p['path']}: {p['message']} ({p['rule']})" for p in problems_payload(errors)]
            )
        self.warnings = [p for p in problems if p.severity == rules.WARNING]
        return document

    def clean_request(self) -> dict[str, Any]:
        return self.cleaned_data.get("request") or {}

    def clean_meta(self) -> dict[str, Any]:
        return self.cleaned_data.get("meta") or {}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        loaded = cleaned.get("loaded_version")
        if self.instance.pk and loaded is not None and loaded != self.instance.version:
            raise forms.ValidationError(
                _(
                    "Someone saved version %(current)d while you edited version %(loaded)d. "
                    "Reload the page to see their change; nothing was overwritten."
                )
                % {"current": self.instance.version, "loaded": loaded}
            )
        if "request" in cleaned and "scenario" in cleaned:
            cleaned["request"] = show.with_scenario(cleaned["request"], cleaned.pop("scenario"))
        if "document" in cleaned and "request" in cleaned:
            try:
                services.check_show(cleaned["document"], cleaned["request"], cleaned.get("meta"))
            except services.MixStudioError as error:
                found = [p for p in getattr(error, "problems", []) if p.severity == rules.ERROR]
                in_scenario = [p for p in found if _in_scenario(p.path)]
                if in_scenario:
                    # Paths inside the scenario, as its own box shows it.
                    self.add_error("scenario", _problem_lines(in_scenario, SCENARIO_PATH))
                rest = [p for p in found if not _in_scenario(p.path)]
                if rest or not in_scenario:
                    raise forms.ValidationError(_problem_lines(rest) or error.message) from None
        return cleaned


SCENARIO_PATH = f"{show.APP_KEY}.{show.SCENARIO}"


def _in_scenario(path: str) -> bool:
    return path == SCENARIO_PATH or path.startswith((f"{SCENARIO_PATH}.", f"{SCENARIO_PATH}["))


def _problem_lines(problems: list[Problem], inside: str = "") -> list[str]:
    """One line per problem, "path: message (rule)", paths relative to `inside`."""
    lines = []
    for problem in problems_payload(problems):
        path = problem["path"].removeprefix(inside).lstrip(".") if inside else problem["path"]
        lines.append(
            f"{path}: {problem['message']} ({problem['rule']})"
            if path
            else f"{problem['message']} ({problem['rule']})"
        )
    return lines


SEVERITY_LABELS = {rules.ERROR: _("error"), rules.WARNING: _("warning")}


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records that are written by the app alone: viewable, never changed here."""

    def has_add_permission(self, request) -> bool:  # noqa: ANN001
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # noqa: ANN001
        return False

    def has_delete_permission(self, request, obj=None) -> bool:  # noqa: ANN001
        return False


def pretty_json(value: Any) -> str:
    return format_html("<pre>{}</pre>", json.dumps(value, indent=2, ensure_ascii=False))


class RevisionInline(admin.TabularInline):
    model = PresetRevision
    fields = ["version", "name", "note", "saved_by", "saved_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:  # noqa: ANN001
        return False


@admin.register(Preset)
class PresetAdmin(admin.ModelAdmin):
    form = PresetAdminForm
    list_display = ["name", "tag_list", "version", "updated_at", "created_by"]
    search_fields = ["name", "description", "tag_index"]
    readonly_fields = ["version", "created_by", "created_at", "updated_at", "problems"]
    inlines = [RevisionInline]

    @admin.display(description=_("tags"))
    def tag_list(self, preset: Preset) -> str:
        return ", ".join(preset.tags)

    @admin.display(description=_("problems"))
    def problems(self, preset: Preset) -> str:
        if preset.document is None:
            return _("None")
        found = problems_payload(services.document_problems(preset.document))
        if not found:
            return _("None")
        return format_html_join(
            "",
            "<div>{} · <code>{}</code> · <code>{}</code>: {}</div>",
            ((SEVERITY_LABELS[p["severity"]], p["rule"], p["path"], p["message"]) for p in found),
        )

    def save_model(self, request, obj: Preset, form: PresetAdminForm, change: bool) -> None:  # noqa: ANN001
        data = {name: form.cleaned_data[name] for name in services.EDITABLE_FIELDS}
        if change:
            saved = services.update_preset(
                obj.pk,
                expected_version=form.cleaned_data.get("loaded_version") or obj.version,
                changes=data,
                user=request.user,
                note="updated in admin",
            )
        else:
            saved = services.create_preset(user=request.user, note="created in admin", **data)
        form.instance = saved.preset
        obj.pk = saved.preset.pk
        for warning in saved.warnings:
            self.message_user(
                request, f"{warning.path}: {warning.message} ({warning.rule})", messages.WARNING
            )


@admin.register(PresetRevision)
class PresetRevisionAdmin(ReadOnlyAdmin):
    list_display = ["preset", "version", "note", "saved_by", "saved_at"]
    list_filter = ["saved_at"]
    search_fields = ["preset__name", "name", "note"]
    readonly_fields = [
        "preset",
        "version",
        "name",
        "description",
        "tags",
        "pretty_document",
        "note",
        "saved_by",
        "saved_at",
    ]
    exclude = ["document"]

    @admin.display(description=_("document"))
    def pretty_document(self, revision: PresetRevision) -> str:
        return pretty_json(revision.document)


@admin.register(TemplateCapture)
class TemplateCaptureAdmin(ReadOnlyAdmin):
    """SEI captures calibrate the templates once accepted; never edited, only reviewed or deleted.

    What Verify stores is a proposal for its task's app: look at the picture of
    what it measured beside the rule, then accept it ("Accept as calibration")
    or reject it.
    """

    list_display = [
        "mode",
        "canvas_w",
        "canvas_h",
        "status",
        "sdk_app_id",
        "source",
        "captured_by",
        "created_at",
    ]
    list_filter = ["status", "mode", "created_at"]
    search_fields = ["source"]
    readonly_fields = [
        "status",
        "sdk_app_id",
        "mode",
        "canvas_w",
        "canvas_h",
        "participants",
        "source",
        "captured_by",
        "created_at",
        "reviewed_by",
        "reviewed_at",
        "regions_picture",
        "pretty_payloads",
    ]
    exclude = ["payloads"]
    actions = ["accept", "reject"]

    def has_delete_permission(self, request, obj=None) -> bool:  # noqa: ANN001
        return True

    def has_review_permission(self, request) -> bool:  # noqa: ANN001
        return request.user.has_perm("layouts.change_templatecapture")

    @admin.action(description=_("Accept as calibration"), permissions=["review"])
    def accept(self, request, queryset) -> None:  # noqa: ANN001
        count = captures.review_captures(
            queryset, TemplateCapture.Status.ACCEPTED, user=request.user
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d capture accepted as calibration.",
                "%(count)d captures accepted as calibration.",
                count,
            )
            % {"count": count},
        )

    @admin.action(description=_("Reject"), permissions=["review"])
    def reject(self, request, queryset) -> None:  # noqa: ANN001
        count = captures.review_captures(
            queryset, TemplateCapture.Status.REJECTED, user=request.user
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d capture rejected: it calibrates nothing.",
                "%(count)d captures rejected: they calibrate nothing.",
                count,
            )
            % {"count": count},
        )

    @admin.display(description=_("measured regions, beside the rule's"))
    def regions_picture(self, capture: TemplateCapture) -> str:
        read = calibration.Capture(
            capture.mode, tuple(capture.participants or ()), tuple(capture.payloads or ())
        )
        comparisons = calibration.rule_comparisons(read)
        if not comparisons:
            return _("None")
        return format_html_join(
            "",
            '<div style="display:flex;gap:24px;margin-bottom:12px">{}{}</div>',
            (
                (
                    regions_svg(_("Measured"), item.canvas, [rect[:4] for rect in item.measured]),
                    regions_svg(_("Rule (approximate)"), item.canvas, item.rule),
                )
                for item in comparisons
            ),
        )

    @admin.display(description=_("SEI payloads"))
    def pretty_payloads(self, capture: TemplateCapture) -> str:
        return pretty_json(capture.payloads)


PICTURE_WIDTH = 320  # px on the page; the canvas keeps its aspect ratio
PICTURE_COLOURS = ("#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6")


def regions_svg(
    title: str, canvas: tuple[int, int], rects: list[tuple[int, ...]] | tuple[tuple[int, ...], ...]
) -> SafeString:
    """A small picture of a canvas and its numbered rectangles (picture order), with a title."""
    width, height = canvas
    label_size = max(width, height) // 20
    shapes = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" fill-opacity="0.45" stroke="{}" '
        'stroke-width="{}"/><text x="{}" y="{}" font-size="{}" fill="#fff">{}</text>',
        (
            (
                x,
                y,
                w,
                h,
                PICTURE_COLOURS[index % len(PICTURE_COLOURS)],
                PICTURE_COLOURS[index % len(PICTURE_COLOURS)],
                max(width // 200, 1),
                x + label_size // 2,
                y + label_size,
                label_size,
                index + 1,
            )
            for index, (x, y, w, h) in enumerate(rect[:4] for rect in rects)
        ),
    )
    return format_html(
        '<figure style="margin:0"><svg xmlns="http://www.w3.org/2000/svg" width="{}" '
        'height="{}" viewBox="0 0 {} {}" role="img" aria-label="{}"><rect width="{}" '
        'height="{}" fill="#222"/>{}</svg><figcaption>{} ({}x{})</figcaption></figure>',
        PICTURE_WIDTH,
        PICTURE_WIDTH * height // width,
        width,
        height,
        title,
        width,
        height,
        shapes,
        title,
        width,
        height,
    )
