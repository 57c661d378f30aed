"""Fixtures of the preset service tests: a producer and a saved preset."""

from __future__ import annotations

import pytest

from layouts import services
from tests.factories import document, make_user


@pytest.fixture
def producer(db):
    return make_user("producer")


@pytest.fixture
def preset(producer):
    """A preset at version 1, "Two up", tagged news."""
    return services.create_preset(
        name="Two up", document=document(), user=producer, tags=["news"]
    ).preset
