"""The sound of the simulated room: who speaks when, their tones, and the mix.

Every participant sends a tone of their own pitch. One of them speaks at a
time, in turns chosen by a hash of the task and the turn number, so the same
instant always sounds the same; the others murmur quietly. The mix follows
AudioParams: the whitelist (empty means everyone), the blacklist (it wins over
the whitelist, R33) and each whitelisted user's SoundLevel (R34).
Pure apart from numpy.
"""

from __future__ import annotations

import functools
import hashlib
import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from layouts.core.contract.document import read_audio_list
from layouts.core.geometry import Participant

TURN_SECONDS = 4.0
SPEAKING_LEVEL = 80
MURMUR_LEVEL = 8
SYLLABLES_PER_SECOND = 3.0  # the speaker's level rises and falls like speech
BASE_PITCH_HZ = 300
PITCH_STEP_HZ = 100  # participant i (join order) sends BASE + i x STEP Hz
FULL_SCALE = 0.5  # the amplitude of one voice at level 100; a mix may add up, so clip
DEFAULT_SOUND_LEVEL = 100  # R34

UserKey = tuple[str, str, int]


def pitch_of(index: int) -> int:
    return BASE_PITCH_HZ + index * PITCH_STEP_HZ


def speaker_at(task_id: str, people: Sequence[Participant], t: float, started_at: float) -> int:
    """Index (in `people`) of who holds the floor at `t`, or -1 if nobody can speak."""
    voices = [index for index, person in enumerate(people) if person.audio]
    if not voices:
        return -1
    turn = math.floor((t - started_at) / TURN_SECONDS)
    digest = hashlib.sha256(f"{task_id}:{turn}".encode()).digest()
    return voices[int.from_bytes(digest[:4], "big") % len(voices)]


def levels_at(
    task_id: str, people: Sequence[Participant], t: float, started_at: float
) -> dict[str, int]:
    """Each participant's own level (0..100) at `t`, before the mix."""
    speaker = speaker_at(task_id, people, t, started_at)
    phase = (t - started_at) * SYLLABLES_PER_SECOND * math.pi
    levels = {}
    for index, person in enumerate(people):
        if not person.audio:
            levels[person.user_id] = 0
        elif index == speaker:
            levels[person.user_id] = round(SPEAKING_LEVEL * (0.75 + 0.25 * abs(math.sin(phase))))
        else:
            levels[person.user_id] = MURMUR_LEVEL
    return levels


def mix_gains(
    audio_params: Mapping[str, Any] | None,
    people: Sequence[Participant],
    main_room: tuple[str, int],
) -> dict[str, float]:
    """How loud each participant is in the mix, 0..1, per AudioParams (R33, R34)."""
    audio_params = audio_params if isinstance(audio_params, Mapping) else {}
    whitelist = _listed(audio_params, "SubscribeAudioList", main_room)
    blacklist = _listed(audio_params, "UnSubscribeAudioList", main_room)
    gains = {}
    for person in people:
        key = person.key
        if not person.audio or key in blacklist or (whitelist and key not in whitelist):
            gains[person.user_id] = 0.0
        elif whitelist:
            gains[person.user_id] = whitelist[key] / 100
        else:
            gains[person.user_id] = 1.0
    return gains


def mixed_levels(levels: Mapping[str, int], gains: Mapping[str, float]) -> dict[str, int]:
    """Each participant's level as heard in the mix: what the volume-layout SEI reports."""
    return {user: round(level * gains.get(user, 0.0)) for user, level in levels.items()}


def synthesize(
    *,
    first_sample: int,
    blocks: int,
    block_size: int,
    sample_rate: int,
    voices: Sequence[tuple[float, Sequence[float], Sequence[float]]],
) -> np.ndarray:
    """`blocks` x `block_size` samples from `first_sample` (counted from the Start), mono
    float32, drawn in one pass over the whole span.

    `voices` holds (pitch, gain at the start of each block, gain at its end); the
    gain is ramped across the block so a change of speaker never clicks. A
    voice's phase is a function of the sample number, so spans rendered apart
    join seamlessly.
    """
    count = blocks * block_size
    n = np.arange(first_sample, first_sample + count, dtype=np.int64)
    mix = np.zeros(count, dtype=np.float64)
    ramp = np.linspace(0.0, 1.0, block_size, endpoint=False)
    for pitch, starts, ends in voices:
        gain_from = np.asarray(starts, dtype=np.float64)
        gain_to = np.asarray(ends, dtype=np.float64)
        if not (np.any(gain_from > 0) or np.any(gain_to > 0)):
            continue
        envelope = (gain_from[:, None] + (gain_to - gain_from)[:, None] * ramp[None, :]).ravel()
        # Whole-hertz pitches keep n x pitch exact in integers, so the phase stays
        # precise however long the task has run, and a table of one second of sine
        # serves every pitch.
        mix += _sine_table(sample_rate)[np.mod(n * round(pitch), sample_rate)] * envelope
    return np.clip(mix * FULL_SCALE, -1.0, 1.0).astype(np.float32)


@functools.lru_cache(maxsize=8)
def _sine_table(sample_rate: int) -> np.ndarray:
    """sin(2 pi k / sample_rate) for k in 0..sample_rate-1: one cycle of a 1 Hz tone."""
    return np.sin((2 * math.pi / sample_rate) * np.arange(sample_rate))


def _listed(audio_params: Any, list_name: str, main_room: tuple[str, int]) -> dict[UserKey, int]:
    """A whitelist or blacklist as {(UserId, RoomId, RoomIdType): SoundLevel}."""
    listed: dict[UserKey, int] = {}
    for entry in read_audio_list(audio_params, list_name):
        if entry.user.names_user:
            level = entry.sound_level
            in_range = level is not None and 0 <= level <= 100
            listed[entry.user.key(main_room)] = level if in_range else DEFAULT_SOUND_LEVEL
    return listed
