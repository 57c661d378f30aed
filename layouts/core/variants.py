"""Variants: one show on screens of other shapes, each sent as a leg of its own.

A preset may keep linked variants of its picture at other output sizes (9:16,
1:1, 4:5, any size) in our own part of its request (never sent as such):

    request["MixStudio"]["Variants"] = [
      {"name": "vertical",                 # letters, digits, - and _; not "main"
       "VideoParams": {...},               # a whole VideoParams of its own
       "PublishCdnParams": [{...}],        # where this leg is pushed (its own URLs)
       "clean": false}]                    # true: the same pictures, no watermarks

The show's own picture is the main leg. A variant is derived by reflow
(layouts/core/reflow.py), not by scaling, then edited on its own. Launching a
show with variants starts one task per leg (`leg_bodies`): the same room,
audio, SEI and recording, the variant's picture and outputs, and a robot of its
own (two robots of one UserId in one room would kick each other out, R9). No CDN
URL may be pushed by two legs (`shared_outputs`).

A clean variant sends its picture without WaterMarkList: what the producer
brands downstream or records.

Pure: no Django.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from layouts.core import show
from layouts.core.contract.fields import get_list, get_str, json_type_name
from layouts.core.contract.problems import ERROR, WRONG_TYPE, Problem
from layouts.core.text import gettext_noop

VARIANTS = show.VARIANTS
MAIN = "main"  # the show's own picture, as a leg
NAME = "name"
CLEAN = "clean"
OUTPUTS = "PublishCdnParams"
KEYS = (NAME, show.VIDEO_KEY, OUTPUTS, CLEAN)
MAX_VARIANTS = 3  # four legs at most: 16:9, 9:16, 1:1 and 4:5
NAME_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,16}$")
MAX_USER_ID_BYTES = 32  # R10
VARIANT_RULE = "variants"  # Mix Studio's own check: not a rule of the cloud API


@dataclass(frozen=True)
class Variant:
    name: str
    document: dict[str, Any]
    outputs: list[Any]
    clean: bool = False


def variants_of(request: Any) -> list[Variant]:
    """The variants a show keeps (what `check_variants` passes; anything else is skipped)."""
    part = request.get(show.APP_KEY) if isinstance(request, dict) else None
    listed = part.get(VARIANTS) if isinstance(part, dict) else None
    found = []
    for item in listed if isinstance(listed, list) else []:
        if not isinstance(item, dict):
            continue
        name, document = item.get(NAME), item.get(show.VIDEO_KEY)
        if isinstance(name, str) and isinstance(document, dict):
            outputs = item.get(OUTPUTS)
            found.append(
                Variant(
                    name,
                    document,
                    list(outputs) if isinstance(outputs, list) else [],
                    item.get(CLEAN) is True,
                )
            )
    return found


def check_variants(value: Any, path: str) -> Iterator[Problem]:
    """The shape of the Variants list: names, kinds and limits. Each variant's picture
    and outputs are checked by the rules that check any (rules/show.py)."""
    if not isinstance(value, list):
        yield _problem(
            path,
            gettext_noop("%(field)s must be a list of variants, not %(got)s."),
            rule=WRONG_TYPE,
            field=VARIANTS,
            got=json_type_name(value),
        )
        return
    if len(value) > MAX_VARIANTS:
        yield _problem(
            path,
            gettext_noop("A show holds at most %(max)d variants besides its own picture."),
            max=MAX_VARIANTS,
        )
    seen: set[str] = set()
    for index, item in enumerate(value):
        item_path = f"{path}[{index}]"
        if not isinstance(item, dict):
            yield _problem(
                item_path,
                gettext_noop("Each variant must be an object, not %(got)s."),
                rule=WRONG_TYPE,
                got=json_type_name(item),
            )
            continue
        for key in item:
            if key not in KEYS:
                yield _problem(
                    f"{item_path}.{str(key)[:60]}",
                    gettext_noop("%(field)s is not a part of a variant."),
                    field=str(key)[:60],
                )
        name = item.get(NAME)
        if not isinstance(name, str) or not NAME_PATTERN.match(name) or name == MAIN:
            yield _problem(
                f"{item_path}.{NAME}",
                gettext_noop(
                    "A variant's name is 1 to 16 letters, digits, - or _, and not 'main' "
                    "(the show's own picture)."
                ),
            )
        elif name in seen:
            yield _problem(
                f"{item_path}.{NAME}",
                gettext_noop("Two variants are called %(name)s: each needs a name of its own."),
                name=name,
            )
        else:
            seen.add(name)
        if not isinstance(item.get(show.VIDEO_KEY), dict):
            yield _problem(
                f"{item_path}.{show.VIDEO_KEY}",
                gettext_noop("Each variant has a picture of its own: a VideoParams object."),
            )
        if CLEAN in item and not isinstance(item[CLEAN], bool):
            yield _problem(
                f"{item_path}.{CLEAN}",
                gettext_noop("%(field)s is true or false."),
                rule=WRONG_TYPE,
                field=CLEAN,
            )


def clean_document(document: dict[str, Any]) -> dict[str, Any]:
    """The same pictures without watermarks or text: a clean feed."""
    cleaned = copy.deepcopy(document)
    cleaned.pop("WaterMarkList", None)
    return cleaned


def sent_document(variant: Variant) -> dict[str, Any]:
    return clean_document(variant.document) if variant.clean else copy.deepcopy(variant.document)


def leg_robot(user_id: str, leg: str) -> str:
    """The robot UserId of a variant's leg: the main robot's, marked with the leg, within
    R10's 32 bytes."""
    suffix = f"_{leg}"
    head = user_id.encode("utf-8")[: MAX_USER_ID_BYTES - len(suffix)].decode("utf-8", "ignore")
    return f"{head}{suffix}"


def leg_bodies(whole: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(leg, launch body) of each leg of a show: the main leg first (the show as it is,
    its variants left out), then each variant's. A variant's body is the main one with
    its own picture and outputs and a robot of its own; its app part keeps the rules
    and roles (the director runs on every leg) but no variants and no outputs turned off."""
    main = copy.deepcopy(whole)
    part = main.get(show.APP_KEY)
    if isinstance(part, dict):
        part.pop(VARIANTS, None)
        if not part:
            main.pop(show.APP_KEY)
    legs = [(MAIN, main)]
    for variant in variants_of(whole):
        body = copy.deepcopy(main)
        body[show.VIDEO_KEY] = sent_document(variant)
        body[OUTPUTS] = copy.deepcopy(variant.outputs)
        agent = body.get("AgentParams")
        if isinstance(agent, dict) and isinstance(agent.get("UserId"), str):
            agent["UserId"] = leg_robot(agent["UserId"], variant.name)
            agent.pop("UserSig", None)  # signed again for the new UserId
        own = body.get(show.APP_KEY)
        if isinstance(own, dict):
            own.pop(show.OUTPUTS_OFF, None)
            own.pop(show.PLAYBACK_URLS, None)
        legs.append((variant.name, body))
    return legs


def shared_outputs(legs: list[tuple[str, dict[str, Any]]]) -> list[Problem]:
    """A CDN URL pushed by two legs, named in both (each push URL takes one stream)."""
    first: dict[str, str] = {}
    problems = []
    for leg, body in legs:
        for index, target in enumerate(get_list(body, OUTPUTS)):
            url = get_str(target, "PublishCdnUrl")
            if url is None:
                continue
            path = _output_path(leg, index)
            if url in first:
                problems.append(
                    _problem(
                        path,
                        gettext_noop(
                            "%(field)s pushes to the same CDN URL as %(other)s: each leg of a "
                            "show needs URLs of its own."
                        ),
                        field=path,
                        other=first[url],
                    )
                )
            else:
                first[url] = path
    return problems


def leg_names(request: Any) -> list[str]:
    return [MAIN, *(variant.name for variant in variants_of(request))]


def variant_document(request: Any, document: Any, leg: str) -> Any:
    """The picture of `leg` in a show (its main picture for "main" or a leg it lacks)."""
    if leg != MAIN:
        for variant in variants_of(request):
            if variant.name == leg:
                return sent_document(variant)
    return document


def _output_path(leg: str, index: int) -> str:
    if leg == MAIN:
        return f"{OUTPUTS}[{index}].PublishCdnUrl"
    return f"{show.APP_KEY}.{VARIANTS}[{leg}].{OUTPUTS}[{index}].PublishCdnUrl"


def _problem(path: str, template: str, *, rule: str = VARIANT_RULE, **params: Any) -> Problem:
    return Problem(path, rule, ERROR, template, params)
