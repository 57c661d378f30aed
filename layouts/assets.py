"""Uploaded images: stored once by content, served at a stable public URL."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from PIL import Image

from layouts import images, selectors
from layouts.core.addresses import unreachable_host
from layouts.errors import MixStudioError, NotFound
from layouts.models import Asset

FORMAT_EXTENSIONS = {
    "PNG": ("png", "image/png"),
    "JPEG": ("jpg", "image/jpeg"),
    "BMP": ("bmp", "image/bmp"),
    "GIF": ("gif", "image/gif"),
}


def assets_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "assets"


ASSET_PATH = "/media/assets/"


def public_base_url(request: HttpRequest | None = None) -> str:
    """Where the cloud reaches this app: MIX_PUBLIC_BASE_URL, else the address it is served on.

    Without the setting, the address a producer's browser used is the best guess
    there is; `cloud_cannot_reach` tells the launch page when that guess is local.
    """
    if settings.MIX_PUBLIC_BASE_URL:
        return settings.MIX_PUBLIC_BASE_URL.rstrip("/")
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return "http://127.0.0.1:8000"


def public_url(asset: Asset, request: HttpRequest | None = None) -> str:
    return f"{public_base_url(request)}{ASSET_PATH}{asset.name}"


def cloud_cannot_reach(request: HttpRequest | None = None) -> str | None:
    """The host of the public address when the cloud can never reach it, else None."""
    found = unreachable_host(public_base_url(request), settings.MIX_IMAGE_ALLOWED_HOSTS)
    return found[0] if found else None


def store_asset(data: bytes, *, original_name: str, user: AbstractBaseUser | None) -> Asset:
    """Validate the bytes as an image under the R45 limits and store them."""
    try:
        image = images.validate_image_bytes(data)
    except images.ImageUnavailable as refusal:
        raise MixStudioError(refusal.message, field="file") from None
    image_format = Image.open(io.BytesIO(data), formats=images.DECODERS).format
    extension, content_type = FORMAT_EXTENSIONS[image_format]
    name = f"{hashlib.sha256(data).hexdigest()[:40]}.{extension}"
    with transaction.atomic():
        existing = Asset.objects.filter(name=name).first()
        if existing is not None:
            return existing
        path = assets_dir() / name
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".part")
        temporary.write_bytes(data)
        temporary.replace(path)  # atomic: a reader never sees half a file
        return Asset.objects.create(
            name=name,
            original_name=original_name[:255],
            content_type=content_type,
            width=image.width,
            height=image.height,
            size=len(data),
            uploaded_by=user if user is not None and user.is_authenticated else None,
        )


def asset_file(name: str) -> tuple[Path, str]:
    """Path and content type of a stored asset; MixStudioError if there is none."""
    asset = Asset.objects.filter(name=name).first()
    path = assets_dir() / name
    if asset is None or not path.is_file():
        raise NotFound(_("There is no asset %(name)s.") % {"name": name})
    return path, asset.content_type


class AssetInUse(MixStudioError):
    """An asset that presets still show cannot be deleted: they would lose the picture."""

    status_code = 409
    code = "asset-in-use"

    def __init__(self, uses: list[selectors.AssetUse]) -> None:
        names = ", ".join(f"“{use.preset_name}”" for use in uses[:5])
        if len(uses) > 5:
            names += ", …"
        super().__init__(
            _(
                "This image is used by %(count)d preset(s): %(names)s. Replace it there "
                "first; nothing was deleted."
            )
            % {"count": len(uses), "names": names}
        )
        self.uses = uses

    def payload(self) -> dict:
        body = super().payload()
        body["presets"] = [
            {"id": use.preset_id, "name": use.preset_name, "paths": list(use.paths)}
            for use in self.uses
        ]
        return body


def get_asset(asset_id: int) -> Asset:
    asset = Asset.objects.filter(pk=asset_id).first()
    if asset is None:
        raise NotFound(_("There is no asset %(id)d.") % {"id": asset_id})
    return asset


def delete_asset(asset_id: int) -> None:
    """Delete an asset no preset uses, and its file once the deletion is committed."""
    with transaction.atomic():
        asset = Asset.objects.select_for_update().filter(pk=asset_id).first()
        if asset is None:
            raise NotFound(_("There is no asset %(id)d.") % {"id": asset_id})
        uses = selectors.asset_uses([asset])[asset.pk]
        if uses:
            raise AssetInUse(uses)
        path = assets_dir() / asset.name
        asset.delete()
        transaction.on_commit(lambda: path.unlink(missing_ok=True))
