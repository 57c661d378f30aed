"""The pages declare no constant of the API: ranges, choices, defaults, lengths and
labels all come from the contract the server embeds in the page (#mx-contract).

The scans read the templates and the page scripts as text and fail on a number or
a choice written into them: a literal bound on an input (`min="5"`, `maxlength: 32`),
a hard-coded <option> of a choice, or any number the contract gives a field (a
range, a default, a choice, a length) written near that field's name, in code
(`maxIdleTime`) or in words ("Max idle time"). A bound of the pages' own (a zoom,
a generator) is named in its module instead.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from layouts.core.contract import rooms
from layouts.core.contract.document import read_binding
from layouts.core.page_contract import MAX_LENGTHS, USER_ROOM_DEFAULTS, editor_contract

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))
SCRIPTS = sorted((ROOT / "static" / "js").rglob("*.js"))
PAGES = TEMPLATES + SCRIPTS

# min="5", max=86400, maxlength: 32, step: "1", input.min = "0", a default parameter
# `min = 0`, setAttribute("maxlength", 32).
LITERAL_BOUND = re.compile(
    r"""(?<![\w$.-])(?:min|max|minlength|maxlength|minLength|maxLength|step)\s*[:=]\s*["']?[-+]?\d"""
    r"""|\.(?:min|max|minLength|maxLength|step)\s*=\s*["']?[-+]?\d"""
    r"""|setAttribute\(\s*["'](?:min|max|minlength|maxlength|step)["']\s*,\s*["']?[-+]?\d""",
)
# <option value="1">, <option>48000</option>, h("option", { value: "1" }).
LITERAL_OPTION = re.compile(
    r"""<option\b[^>]*\bvalue\s*=\s*["']?[-+]?\d"""
    r"""|<option\b[^>]*>\s*[-+]?\d"""
    r"""|h\(\s*["']option["']\s*,\s*\{[^}]*\bvalue\s*:\s*["'][-+]?\d""",
)
# A select's options made from an array of literals: [0, 1].map((v) => h("option", ...)).
LITERAL_CHOICES = re.compile(
    r"""\[\s*(?:(?:-?\d+|"[^"\n]*"|'[^'\n]*')\s*,\s*)+(?:-?\d+|"[^"\n]*"|'[^'\n]*')\s*\]"""
    r"""\s*\.map\([^;]{0,200}?["']option["']""",
    re.DOTALL,
)
# 0 and 1 stand for "off" and "on" in half the fields of the API, and for nothing in
# particular everywhere else; every other number the contract gives a field counts.
TOO_COMMON = {0, 1}
NEAR_LINES = 2  # a number this many lines from a field's name is "next to" it


def relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def contract_fields() -> list[dict]:
    contract = editor_contract()
    return [
        spec
        for group in ("shapes", "request_shapes")
        for fields in contract[group].values()
        for spec in fields
    ]


def contract_numbers() -> dict[str, set[int]]:
    """Every number the contract gives a field (bounds, default, choices, length), by name."""
    numbers: dict[str, set[int]] = {}
    for spec in contract_fields():
        keys = ("minimum", "maximum", "default", "max_items", "max_length")
        values = [spec.get(key) for key in keys] + list(spec.get("choices") or [])
        numbers.setdefault(spec["name"], set()).update(
            value
            for value in values
            if isinstance(value, int) and not isinstance(value, bool) and value not in TOO_COMMON
        )
    return {name: values for name, values in numbers.items() if values}


def name_pattern(name: str) -> re.Pattern[str]:
    """A field's name as code spells it (maxIdleTime, audioBitRate) or in words (Max idle time)."""
    words = re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+", name)
    return re.compile(r"[\s_-]?".join(re.escape(word) for word in words), re.IGNORECASE)


def number_pattern(value: int) -> re.Pattern[str]:
    """`value` as a number of its own: not a digit of another, a decimal or a colour."""
    return re.compile(rf"(?<![\w.#]){value}(?![\w.%])")


def matches(pattern: re.Pattern[str], paths: list[Path]) -> list[str]:
    found = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        for match in pattern.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found.append(f"{relative(path)}:{line}: {match.group(0)[:80]!r}")
    return found


def test_no_page_writes_a_bound_as_a_number():
    assert matches(LITERAL_BOUND, PAGES) == []


def test_no_page_writes_the_options_of_a_choice():
    assert matches(LITERAL_OPTION, PAGES) + matches(LITERAL_CHOICES, SCRIPTS) == []


def test_no_template_offers_a_choice_of_the_api_as_an_option():
    choices = {
        choice
        for spec in contract_fields()
        for choice in spec.get("choices") or []
        if isinstance(choice, str)
    }
    values = re.compile(r"""<option\b[^>]*\bvalue\s*=\s*["']([^"']*)["']""")
    found = [
        f"{relative(path)}: {value!r}"
        for path in TEMPLATES
        for value in values.findall(path.read_text(encoding="utf-8"))
        if value in choices
    ]
    assert found == []


def numbers_near_their_fields(text: str) -> list[tuple[int, str, str]]:
    """(line, field, line's text) for each number of the contract near its field's name."""
    fields = [
        (name_pattern(name), [number_pattern(value) for value in sorted(values)], name)
        for name, values in contract_numbers().items()
    ]
    lines = text.splitlines()
    found = []
    for index, line in enumerate(lines):
        near = "\n".join(lines[max(0, index - NEAR_LINES) : index + NEAR_LINES + 1])
        for named, numbers, name in fields:
            if named.search(near) and any(number.search(line) for number in numbers):
                found.append((index + 1, name, line.strip()[:90]))
    return found


def test_no_number_of_the_contract_is_written_next_to_its_field():
    found = [
        f"{relative(path)}:{line}: {name} in {text!r}"
        for path in PAGES
        for line, name, text in numbers_near_their_fields(path.read_text(encoding="utf-8"))
    ]
    assert found == []


# The scans themselves: each catches what launch.html and live.js wrote before the
# pages read the contract.


@pytest.mark.parametrize(
    "written",
    [
        '<input name="maxIdleTime" type="number" min="5" max="86400" value="30">',
        '<input name="roomId" id="room-id" required maxlength="64">',
        'h("input", { id: "live-audio-user", maxlength: 32 })',
        'h("input", { id: "mx-grid", step: "1" })',
        "function numberInput(label, value, { min = 0, max = 4 } = {}) {}",
    ],
)
def test_the_bound_scan_catches_a_literal_bound(written):
    assert LITERAL_BOUND.search(written)


@pytest.mark.parametrize(
    "written",
    [
        '<select name="roomIdType"><option value="0">integer room (0)</option></select>',
        '<select name="sampleRate"><option>48000</option><option>44100</option></select>',
        'h("option", { value: "1" }, "1")',
    ],
)
def test_the_option_scan_catches_a_literal_option(written):
    assert LITERAL_OPTION.search(written)


def test_the_choice_scan_catches_options_made_from_literals():
    written = (
        '...[0, 1].map((value) =>\n        h("option", { value: String(value) }, String(value)))'
    )
    assert LITERAL_CHOICES.search(written)


@pytest.mark.parametrize(
    ("name", "written"),
    [
        (
            "MaxIdleTime",
            '{% translate "Max idle time (s)" %}<input name="maxIdleTime" type="number">\n'
            '  <small>{% translate "5 to 86400 (R12)" %}</small></label>',
        ),
        (
            "BitRate",
            '{% translate "Bitrate (kbps)" %}<input name="audioBitRate"><small>8–500 (R31)</small>',
        ),
        ("SoundLevel", '"user @ other room" (cross-room PK) and optionally ", sound level 0-100"'),
        ("UserId", '<input name="robotUserId">\n<small>At most 32 letters, digits, _ or -</small>'),
        ("SampleRate", '<select name="sampleRate"><option>48000</option><option>44100</option>'),
        ("PayloadType", '<input name="seiPayloadType" type="number" placeholder="100">'),
        ("AppData", 'appData: h("input", { id: "live-sei-appdata", value: "", size: 4095 }),'),
    ],
)
def test_the_nearness_scan_catches_a_number_of_the_contract_by_its_field(name, written):
    assert name in [field for _line, field, _text in numbers_near_their_fields(written)]


# What editor.py adds to the tables agrees with the code that applies the rules.


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({"AgentParams": {"UserId": "u"}}, "AgentParams.UserId"),
        ({"RoomId": "r", "RoomIdType": rooms.ROOM_TYPES[1]}, "RoomId"),
        ({"SeiParams": {"LayoutVolume": {"AppData": "a"}}}, "SeiParams.LayoutVolume.AppData"),
        (
            {
                "SeiParams": {
                    "PassThrough": {"PayloadContent": "c", "PayloadType": 5, "PayloadUuid": "a"}
                }
            },
            "SeiParams.PassThrough.PayloadUuid",
        ),
        ({"RecordParams": {"RecordKey": "k"}}, "RecordParams.RecordKey"),
        ({"RecordParams": {"UserDefineRecordPrefix": "p"}}, "RecordParams.UserDefineRecordPrefix"),
    ],
)
def test_each_length_the_pages_allow_is_the_longest_the_rules_accept(body, path):
    from layouts.core.rules.request import check_start

    name = path.rsplit(".", 1)[-1]

    def problems_at(length: int) -> list[str]:
        sized = _with_value(body, path, "a" * length)
        return [problem.path for problem in check_start(sized) if problem.path == path]

    assert problems_at(MAX_LENGTHS[name]) == []
    assert problems_at(MAX_LENGTHS[name] + 1) == [path]


def _with_value(body: dict, path: str, value: str) -> dict:
    import copy

    sized = copy.deepcopy(body)
    target = sized
    *parents, last = path.split(".")
    for key in parents:
        target = target[key]
    target[last] = value
    return sized


def test_the_room_defaulting_the_pages_read_is_the_one_the_server_applies():
    main = ("8888", rooms.ROOM_TYPES[1])
    task = {"RoomId": main[0], "RoomIdType": main[1]}
    for written in ({"UserId": "u"}, {"UserId": "u", "RoomId": ""}):
        binding = read_binding({"UserInfo": written}, "UserInfo")
        assert binding is not None
        defaulted = {own: task[start] for own, start in USER_ROOM_DEFAULTS.items()}
        assert binding.key(main) == ("u", defaulted["RoomId"], defaulted["RoomIdType"])
