"""layouts.core.contract.problems: what every check returns, translated only when shown."""

from __future__ import annotations

from layouts.core.contract.problems import (
    ERROR,
    WARNING,
    Problem,
    first_error,
    has_errors,
    is_missing,
    join_path,
    missing,
)
from layouts.core.text import Term

CHINESE = {"%(side)s of %(user)s": "%(user)s 的%(side)s", "width": "宽度"}


def chinese(text: str) -> str:
    return CHINESE.get(text, text)


def test_a_message_is_its_template_with_its_parameters():
    problem = Problem("A.B", "R1", ERROR, "%(field)s is %(n)d.", {"field": "B", "n": 3})
    assert problem.message == "B is 3."
    assert Problem("A", "R1", ERROR, "No 100% here.").message == "No 100% here."


def test_rendering_translates_the_template_and_terms_but_not_data():
    problem = Problem(
        "A", "R1", WARNING, "%(side)s of %(user)s", {"side": Term("width"), "user": "ann"}
    )
    assert problem.render(chinese) == "ann 的宽度"
    assert problem.to_dict(chinese) == {
        "path": "A",
        "rule": "R1",
        "severity": WARNING,
        "message": "ann 的宽度",
    }


def test_a_problem_moves_under_a_prefix_keeping_everything_else():
    problem = Problem("LayoutParams.MixLayoutMode", "R36", WARNING, "t", {"x": 1})
    moved = problem.under("VideoParams")
    assert moved == Problem("VideoParams.LayoutParams.MixLayoutMode", "R36", WARNING, "t", {"x": 1})
    assert Problem("", "R6", ERROR, "t").under("VideoParams").path == "VideoParams"


def test_paths_join_with_dots_and_skip_empty_parts():
    assert join_path("", "A") == "A"
    assert join_path("A", "B") == "A.B"
    assert join_path("A", "") == "A"


def test_a_missing_field_names_its_last_part_and_is_recognised():
    problem = missing("AgentParams.UserSig", "R11")
    assert (problem.path, problem.rule, problem.severity) == ("AgentParams.UserSig", "R11", ERROR)
    assert problem.message == "UserSig is required."
    assert is_missing(problem)
    assert not is_missing(Problem("X", "R11", ERROR, "UserSig is required."))


def test_the_first_error_skips_warnings():
    warning = Problem("A", "R1", WARNING, "w")
    error = Problem("B", "R2", ERROR, "e")
    assert first_error([warning, error]) is error and has_errors([warning, error])
    assert first_error([warning]) is None and not has_errors([warning])
