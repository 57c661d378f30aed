"""How static files are published: hashed names, compressed copies, rewritten imports."""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    """`collectstatic` writes each file under a name with its content hash, plus gzip
    and Brotli copies, so WhiteNoise serves it compressed and cacheable for ever.

    The pages' ES modules import each other by relative path; rewriting those
    imports to the hashed names too means a cached module never pulls in a
    stale neighbour after an upgrade.
    """

    support_js_module_import_aggregation = True
