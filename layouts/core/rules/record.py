"""Recording (RecordParams, reference B.19; Start only) and the RecordKey of a Stop.

RecordKey and UserDefineRecordPrefix are short names of letters, digits, _ and
-; RecordFormat names known formats, never mp4 and aac together; a recording
is stored in exactly one place. The numbers and formats are `contract.bodies`'.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from layouts.core.contract import bodies
from layouts.core.contract.fields import get_list, get_obj, get_str
from layouts.core.contract.problems import ERROR, Problem
from layouts.core.rules.request_context import Request
from layouts.core.text import gettext_noop

RECORD_NAME_RE = re.compile(bodies.RECORD_NAME_PATTERN)
# The names of a recording and the most bytes each may have.
RECORD_NAMES = (
    ("RecordKey", bodies.MAX_RECORD_KEY_BYTES),
    ("UserDefineRecordPrefix", bodies.MAX_RECORD_PREFIX_BYTES),
)


def check_record_name(value: str, path: str, max_bytes: int) -> Iterator[Problem]:
    """B.19: at most `max_bytes` letters, digits, _ or -."""
    # The pattern is ASCII, so once it matches, characters are bytes; checking it
    # first also keeps lone surrogates (valid JSON, not UTF-8) away from encode().
    if not RECORD_NAME_RE.fullmatch(value) or len(value) > max_bytes:
        yield Problem(
            path,
            "B.19",
            ERROR,
            gettext_noop("%(field)s must be at most %(max)d letters, digits, _ or -."),
            {"field": path.rsplit(".", 1)[-1], "max": max_bytes},
        )


def check_record(request: Request) -> Iterator[Problem]:
    """B.19: relay recording parameters."""
    record = get_obj(request.sent, "RecordParams")
    if record is None:
        return
    for name, max_bytes in RECORD_NAMES:
        value = get_str(record, name)
        if value is not None:
            yield from check_record_name(value, f"RecordParams.{name}", max_bytes)
    formats = [f for f in get_list(record, "RecordFormat") if isinstance(f, str)]
    for index, value in enumerate(get_list(record, "RecordFormat")):
        if isinstance(value, str) and value not in bodies.RECORD_FORMATS:
            yield Problem(
                f"RecordParams.RecordFormat[{index}]",
                "B.19",
                ERROR,
                gettext_noop('Recording format "%(value)s" must be hls, mp4 or aac.'),
                {"value": value[:20]},
            )
    if all(name in formats for name in bodies.EXCLUSIVE_RECORD_FORMATS):
        yield Problem(
            "RecordParams.RecordFormat",
            "B.19",
            ERROR,
            gettext_noop("A recording cannot be both mp4 and aac; choose one."),
        )
    storage = get_obj(record, "McuStorageParams")
    if storage is not None and ("CloudStorage" in storage) == ("McuCloudVod" in storage):
        yield Problem(
            "RecordParams.McuStorageParams",
            "B.19",
            ERROR,
            gettext_noop("Give exactly one storage: CloudStorage or McuCloudVod."),
        )
