"""Recording (RecordParams, reference B.19; Start only) and the RecordKey of a Stop.

RecordKey and UserDefineRecordPrefix are short names of letters, digits, _ and
-; RecordFormat names known formats, never mp4 and aac together; a recording
is stored in exactly one place. Cloud storage (CloudStorage) names its vendor,
region, bucket and both keys, or the cloud refuses the Start with its own
MissingParameter code, which the problem names (`cloud_code`); each entry of its
FileNamePrefix is one folder name. Fields that act in one mode only (UniRecord
3, VOD storage, mp4 and aac files) are said to have no effect elsewhere. The
numbers and formats are `contract.bodies`'.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from layouts.core.contract import bodies
from layouts.core.contract.fields import get_int, get_list, get_obj, get_str
from layouts.core.contract.problems import ERROR, WARNING, Problem
from layouts.core.rules.request_context import Request
from layouts.core.text import gettext_noop

RECORD_NAME_RE = re.compile(bodies.RECORD_NAME_PATTERN)
FILE_NAME_PREFIX_RE = re.compile(bodies.FILE_NAME_PREFIX_PATTERN)
STORAGE_PATH = "RecordParams.McuStorageParams.CloudStorage"
# A storage key the show never keeps (layouts.core.show): `rules.show` leaves this
# problem out of a preset's check, and a launch must give the key again.
MISSING_STORAGE_SECRET = gettext_noop(
    "%(field)s is required to record to cloud storage: without it the cloud refuses "
    "the Start with %(cloud_code)s. A preset never keeps it; give it when launching."
)
MISSING_STORAGE_FIELD = gettext_noop(
    "CloudStorage needs %(field)s: without it the cloud refuses the Start with %(cloud_code)s."
)
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
    yield from check_cloud_storage(get_obj(storage, bodies.CLOUD_STORAGE_KEY))
    yield from check_record_effects(record)


def check_cloud_storage(storage: dict[str, object] | None) -> Iterator[Problem]:
    """B.19 (SDK CloudStorage): every field the cloud needs, and folder names of the prefix."""
    if storage is None:
        return
    for name, cloud_code in bodies.CLOUD_STORAGE_REQUIRED.items():
        if name in storage:
            continue  # a value of the wrong type is reported by the field walk
        secret = name in bodies.STORAGE_SECRETS
        yield Problem(
            f"{STORAGE_PATH}.{name}",
            "B.19",
            ERROR,
            MISSING_STORAGE_SECRET if secret else MISSING_STORAGE_FIELD,
            {"field": name, "cloud_code": cloud_code},
        )
    for index, entry in enumerate(get_list(storage, "FileNamePrefix")):
        if isinstance(entry, str) and not FILE_NAME_PREFIX_RE.fullmatch(entry):
            yield Problem(
                f"{STORAGE_PATH}.FileNamePrefix[{index}]",
                "B.19",
                ERROR,
                gettext_noop(
                    "Each FileNamePrefix entry is one folder name of letters, digits, _ or -, "
                    'not "%(value)s".'
                ),
                {"value": entry[:40]},
            )


def is_withheld_storage_key(problem: Problem) -> bool:
    """A storage key missing because a show never keeps it (see MISSING_STORAGE_SECRET)."""
    return problem.template == MISSING_STORAGE_SECRET


def check_record_effects(record: dict[str, object]) -> Iterator[Problem]:
    """B.19: fields the cloud reads in one mode only have no effect in the others."""
    mode = get_int(record, "UniRecord")
    if mode == bodies.RECORD_OFF:
        for name in record:
            if name != "UniRecord" and name in bodies.RECORD_PARAMS.by_name:
                yield _no_effect(
                    name,
                    gettext_noop(
                        "%(field)s has no effect: UniRecord 1 records nothing, so the cloud "
                        "ignores it."
                    ),
                )
        return
    if mode == bodies.RECORD_WITH_TEMPLATE:
        for name in bodies.RECORD_PARAMS_ONLY:
            if name in record:
                yield _no_effect(
                    name,
                    gettext_noop(
                        "%(field)s has no effect with UniRecord 2, which records with the "
                        "console's template; only UniRecord 3 reads it."
                    ),
                )
        return
    storage = get_obj(record, "McuStorageParams")
    if "UserDefineRecordPrefix" in record and storage is not None:
        if bodies.VOD_STORAGE not in storage:
            yield _no_effect(
                "UserDefineRecordPrefix",
                gettext_noop(
                    "%(field)s names files stored in VOD (McuCloudVod) only; with this "
                    "storage the cloud ignores it."
                ),
            )
    if "MaxMediaFileDuration" in record:
        formats = record.get("RecordFormat", list(bodies.DEFAULT_RECORD_FORMATS))
        if isinstance(formats, list) and not set(formats) & set(bodies.SPLIT_RECORD_FORMATS):
            yield _no_effect(
                "MaxMediaFileDuration",
                gettext_noop(
                    "%(field)s splits mp4 and aac files only; this recording makes neither, "
                    "so the cloud ignores it."
                ),
            )


def _no_effect(name: str, template: str) -> Problem:
    return Problem(f"RecordParams.{name}", "B.19", WARNING, template, {"field": name})
