"""Where a task sends its mix: R15 (somewhere at all) and R18 (CDN URLs).

At most 10 CDN URLs and 10 push-back rooms (R16, R17) are ranges of the field
walk; the push-back rooms' IDs and robots are `rules.robots`'.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from layouts.core.contract import bodies
from layouts.core.contract.fields import get_list, get_str
from layouts.core.contract.problems import ERROR, Problem
from layouts.core.rules.request_context import Request
from layouts.core.text import gettext_noop

OUTPUT_KEYS = ("PublishCdnParams", "FeedBackRoomParams")


def check_outputs(request: Request) -> Iterator[Problem]:
    """R15: the task pushes somewhere (a CDN or a room)."""
    if request.action == bodies.UPDATE and request.started is None:
        # Without the task, only an update that sends both lists can be judged.
        if not all(key in request.sent for key in OUTPUT_KEYS):
            return
    if any(get_list(request.params, key) for key in OUTPUT_KEYS):
        return
    for key in OUTPUT_KEYS:
        value = request.params.get(key)
        if value is not None and not isinstance(value, list):
            return  # the wrong type is reported on its own
    yield Problem(
        "PublishCdnParams",
        "R15",
        ERROR,
        gettext_noop(
            "The task has nowhere to send the mix: give at least one CDN URL in "
            "PublishCdnParams or one room in FeedBackRoomParams."
        ),
    )


def check_cdn_urls(request: Request) -> Iterator[Problem]:
    """R18: rtmp:// URLs, each at most once in a task."""
    seen: dict[str, int] = {}
    for index, target in enumerate(get_list(request.sent, "PublishCdnParams")):
        url = get_str(target, "PublishCdnUrl")
        if url is None:
            continue
        path = f"PublishCdnParams[{index}].PublishCdnUrl"
        if not _is_rtmp_url(url):
            yield Problem(
                path,
                "R18",
                ERROR,
                gettext_noop('CDN URL "%(value)s" must be an rtmp:// address.'),
                # Without the query: push URLs carry their txSecret there.
                {"value": url.split("?", 1)[0][:60]},
            )
        elif url in seen:
            yield Problem(
                path,
                "R18",
                ERROR,
                gettext_noop(
                    "CDN URL %(n)d repeats URL %(other)d; pushing one stream twice to the "
                    "same address makes both pushes flap."
                ),
                {"n": index + 1, "other": seen[url] + 1},
            )
        else:
            seen[url] = index


def _is_rtmp_url(url: str) -> bool:
    try:
        hostname = urlsplit(url).hostname
    except ValueError:
        return False
    return (
        url.startswith(bodies.CDN_URL_PREFIX)
        and bool(hostname)
        and not any(c.isspace() for c in url)
    )
