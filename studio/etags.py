"""ETags for the answers the pages poll: unchanged means 304 and no body."""

from __future__ import annotations

import hashlib

from django.http import HttpResponseBase
from django.utils.cache import get_conditional_response, patch_cache_control, quote_etag
from rest_framework.request import Request


class Revalidated:
    """A GET answer carries an ETag of its body and must be revalidated before reuse.

    Browsers then send If-None-Match by themselves; an answer that has not
    changed goes back as 304 without a body, and the page's fetch() sees the
    cached one. The body is built either way: the saving is the transfer and
    the parsing, which were most of a poll's cost.
    """

    def finalize_response(
        self, request: Request, response: HttpResponseBase, *args: object, **kwargs: object
    ) -> HttpResponseBase:
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method != "GET" or response.status_code != 200:
            return response
        response.render()
        etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
        response["ETag"] = etag
        patch_cache_control(response, private=True, no_cache=True)
        return get_conditional_response(request, etag=etag, response=response)
