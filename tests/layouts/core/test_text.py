"""layouts.core.text: English text marked in the pure core, translated when it is shown."""

from __future__ import annotations

from layouts.core.text import Phrase, PhraseText, Term, gettext_noop, translate_params

FRENCH = {
    "floating": "flottante",
    "The %(mode)s layout": "La mise en page %(mode)s",
    "The image of %(what)s": "L'image de %(what)s",
    "watermark %(n)d": "filigrane %(n)d",
}


def french(text: str) -> str:
    return FRENCH.get(text, text)


def test_marking_text_changes_nothing():
    assert gettext_noop("Slot %(slot)d") == "Slot %(slot)d"


def test_terms_are_translated_and_other_parameters_are_data():
    params = {"mode": Term("floating"), "user": "floating", "n": 3}
    assert translate_params(params, french) == {"mode": "flottante", "user": "floating", "n": 3}


def test_a_phrase_renders_its_parameters_phrases_included():
    phrase = Phrase("The image of %(what)s", {"what": Phrase("watermark %(n)d", {"n": 2})})
    assert str(phrase) == "The image of watermark 2"
    assert phrase.render(french) == "L'image de filigrane 2"
    assert Phrase("The %(mode)s layout", {"mode": Term("floating")}).render(french) == (
        "La mise en page flottante"
    )


def test_a_phrases_text_is_english_and_still_knows_its_phrase():
    phrase = Phrase("watermark %(n)d", {"n": 4})
    text = phrase.text()
    assert isinstance(text, PhraseText) and text == "watermark 4"
    assert text.phrase.render(french) == "filigrane 4"


def test_a_phrase_without_parameters_keeps_its_percent_signs():
    assert str(Phrase("100% sure")) == "100% sure"
