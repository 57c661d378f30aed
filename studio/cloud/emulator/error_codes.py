"""The Tencent error code the emulator answers for a problem (reference A.3, F).

Tencent does not document which code each rule gets; section A.3's "Suggested
code" column is what the emulator follows.
"""

from __future__ import annotations

from layouts.core.contract.problems import (
    DUPLICATE_BINDING,
    RANGE,
    REQUIRED,
    SDK_APP_ID,
    UNKNOWN_FIELD,
    WRONG_TYPE,
    Problem,
    is_missing,
)

RULE_CODES: dict[str, str] = {
    "R1": "InvalidAction",  # also NoSuchVersion, UnsupportedProtocol (the emulator's core)
    "R2": "UnsupportedRegion",
    "R3": "RequestLimitExceeded",
    "R4": "AuthFailure.SignatureExpire",
    "R5": "AuthFailure.SignatureFailure",
    "R6": "InvalidParameter.BodyParamsError",
    "R7": "MissingParameter",
    "R8": "InvalidParameter.RoomId",
    "R9": "InvalidParameter.UserId",
    "R10": "InvalidParameter.UserId",
    "R11": "InvalidParameter.UserSig",
    "R12": "InvalidParameter.OutOfRange",
    "R13": "InvalidParameter",
    "R14": "InvalidParameter",
    "R15": "MissingParameter.PublishCdnParams",
    "R16": "InvalidParameter.PublishCdnUrls",
    "R17": "InvalidParameter",
    "R18": "InvalidParameter.PublishCdnUrls",
    "R19": "InvalidParameter",
    "R20": "MissingParameter",
    "R21": "MissingParameter.VideoEncodeParams",
    "R23": "UnsupportedOperation",
    "R24": "InvalidParameter",
    "R25": "InvalidParameter.RoomId",
    "R28": "ResourceNotFound",
    "R30": "InvalidParameter.AudioEncodeParams",
    "R31": "InvalidParameter.AudioEncodeParams",
    "R32": "InvalidParameter.AudioEncodeParams",
    "R33": "InvalidParameter",
    "R34": "InvalidParameter.OutOfRange",
    "R35": "InvalidParameter.VideoResolution",  # Fps, BitRate, Gop: OutOfRange (error_code)
    "R36": "InvalidParameter",
    "R37": "InvalidParameter",
    "R38": "InvalidParameter",
    "R39": "InvalidParameter",
    "R40": "InvalidParameter",
    "R41": "InvalidParameter.PresetLayoutConfig",
    "R42": "InvalidParameter",
    "R43": "InvalidParameter.OutOfRange",
    "R44": "InvalidParameter.OutOfRange",
    "R45": "InvalidParameter.BackgroundImageUrl",
    "R46": "InvalidParameter",
    "R47": "InvalidParameter",
    "R48": "InvalidParameter.OutOfRange",
    "R49": "InvalidParameter",
    "R50": "MissingParameter",
    "R51": "FailedOperation.RequestOutdated",
    "R52": "FailedOperation.TaskFinished",  # an unknown TaskId: TaskNotExist (the core)
    "R54": "UnsupportedOperation",
    "R55": "UnsupportedOperation",
    "R56": "MissingParameter.TaskId",
    "R57": "ResourceNotFound",
    "B.10": "InvalidParameter",
    "B.17": "MissingParameter",
    "B.19": "InvalidParameter",
    WRONG_TYPE: "InvalidParameter",
    REQUIRED: "MissingParameter",
    UNKNOWN_FIELD: "UnknownParameter",
    RANGE: "InvalidParameter.OutOfRange",
    SDK_APP_ID: "InvalidParameter.SdkAppId",
    DUPLICATE_BINDING: "InvalidParameter",
}

# A missing field gets the narrower MissingParameter.* code Tencent has for it (F.2).
_MISSING_FIELD_CODES = {
    "SdkAppId": "MissingParameter.SdkAppId",
    "RoomId": "MissingParameter.RoomId",
    "TaskId": "MissingParameter.TaskId",
    "UserId": "MissingParameter.UserId",
    "UserSig": "MissingParameter.UserSig",
    "PublishCdnUrl": "MissingParameter.PublishCdnUrls",
}
_MISSING_OBJECT_CODES = {
    "AudioEncode": "MissingParameter.AudioEncodeParams",
    "VideoEncode": "MissingParameter.VideoEncodeParams",
}
_VIDEO_RESOLUTION_FIELDS = ("Width", "Height")


def error_code(problem: Problem) -> str:
    """The Tencent error code the emulator answers when `problem` is the first error.

    A rule that knows the cloud's own code for its problem names it (`cloud_code`,
    e.g. MissingParameter.AccessKey for cloud storage without its key).
    """
    named = problem.params.get("cloud_code")
    if isinstance(named, str):
        return named
    segments = [part.split("[", 1)[0] for part in problem.path.split(".")]
    if is_missing(problem):
        if segments[-1] in _MISSING_FIELD_CODES:
            return _MISSING_FIELD_CODES[segments[-1]]
        for name, code in _MISSING_OBJECT_CODES.items():
            if name in segments:
                return code
        return "MissingParameter"
    if problem.rule == "R35" and segments[-1] not in _VIDEO_RESOLUTION_FIELDS:
        return "InvalidParameter.OutOfRange"
    return RULE_CODES.get(problem.rule, "InvalidParameter")
