"""Marks user-facing text in the pure modules for translation.

The pure modules (schema, rules, geometry) import nothing from Django, so they
mark their English text with `gettext_noop` (which `makemessages` collects)
and the API layer translates it with Django's gettext when it answers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field


def gettext_noop(message: str) -> str:
    return message


class Term(str):
    """A translatable word set into a message ("floating", "width"), translated with it.

    Every other parameter of a message (field names, user IDs, values) is data
    and is set in as it is.
    """


def translate_params(
    params: Mapping[str, object], translate: Callable[[str], str]
) -> dict[str, object]:
    """`params` with each Term and Phrase translated."""
    return {key: _translated(value, translate) for key, value in params.items()}


def _translated(value: object, translate: Callable[[str], str]) -> object:
    if isinstance(value, Term):
        return translate(value)
    if isinstance(value, Phrase):
        return value.render(translate)
    return value


@dataclass(frozen=True)
class Phrase:
    """A message kept as its English template and parameters, translated when shown.

    Its parameters may be Terms or Phrases themselves ("The image of watermark 2").
    """

    template: str
    params: Mapping[str, object] = field(default_factory=dict)

    def render(self, translate: Callable[[str], str]) -> str:
        text = translate(self.template)
        return text % translate_params(self.params, translate) if self.params else text

    def __str__(self) -> str:
        return self.render(lambda text: text)

    def text(self) -> PhraseText:
        """The English text, as a string that keeps this Phrase for translating later."""
        text = PhraseText(str(self))
        text.phrase = self
        return text


class PhraseText(str):
    """A message's English text that still knows its Phrase (see Phrase.text)."""

    phrase: Phrase
