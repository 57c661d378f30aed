"""Uploaded images: stored once by content, served at a stable public URL.

The bytes are read and written only through Django's default storage (the
STORAGES setting: a folder by default, an S3-compatible bucket such as Tencent
COS with MIX_STORAGE_BACKEND), under `assets/<name>`, never through a path of
this machine. So with a storage every instance shares, any instance serves what
any other stored: the app streams the bytes from the storage at its own URL
(`/media/assets/<name>`), the URL documents keep and the cloud fetches, so the
bucket may stay private and no signed URL ever expires inside a preset.
"""

from __future__ import annotations

import hashlib
import io
import logging

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
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


logger = logging.getLogger(__name__)

STORAGE_FOLDER = "assets/"  # assets' names in the storage, as under MEDIA_ROOT before


def storage() -> Storage:
    """Where the bytes of uploads are (settings.STORAGES["default"])."""
    return default_storage


def storage_name(name: str) -> str:
    return STORAGE_FOLDER + name


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
        raise MixStudioError(images.in_language(refusal.message), field="file") from None
    image_format = Image.open(io.BytesIO(data), formats=images.DECODERS).format
    extension, content_type = FORMAT_EXTENSIONS[image_format]
    name = f"{hashlib.sha256(data).hexdigest()[:40]}.{extension}"
    # Stored before its row is written, so whoever finds the row finds the bytes (the
    # same upload again puts back bytes a storage lost), and outside the transaction:
    # a write to a bucket takes a while, and SQLite would hold its write lock meanwhile.
    _save(storage_name(name), data)
    with transaction.atomic():
        existing = Asset.objects.filter(name=name).first()
        if existing is not None:
            return existing
        return Asset.objects.create(
            name=name,
            original_name=original_name[:255],
            content_type=content_type,
            width=image.width,
            height=image.height,
            size=len(data),
            uploaded_by=user if user is not None and user.is_authenticated else None,
        )


def _save(key: str, data: bytes) -> None:
    """Put the bytes at `key`, once: a name is a hash of the bytes, so a file there is them.

    A file of another size there is what a failed write left: it is replaced. Two
    instances storing the same upload at once may both write; a storage that keeps
    the first and saves the second under another name gets that copy removed.
    """
    store = storage()
    if store.exists(key):
        if store.size(key) == len(data):
            return
        store.delete(key)
    saved = store.save(key, ContentFile(data))
    if saved != key:
        store.delete(saved)


def asset_file(name: str) -> tuple[File, str]:
    """The stored file (open, to be closed by the caller) and content type of an asset.

    NotFound if no asset has that name or the storage has no bytes for it.
    """
    asset = Asset.objects.filter(name=name).first()
    missing = NotFound(_("There is no asset %(name)s.") % {"name": name})
    if asset is None:
        raise missing
    try:
        stored = storage().open(storage_name(asset.name), "rb")
    except FileNotFoundError:
        logger.warning("Asset %s has a row but no file in the storage.", asset.name)
        raise missing from None
    return stored, asset.content_type


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
        key = storage_name(asset.name)
        asset.delete()
        # Storages delete quietly what is not there: another instance may have been first.
        transaction.on_commit(lambda: storage().delete(key))
