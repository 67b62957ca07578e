"""A branching scenario as a graph: the best possible points, the longest path and loops, on valid models."""

from __future__ import annotations

from typing import Any

from generator.models import Quiz
from generator.scenario import best_points, longest_path, loops, reachable


def scenario(nodes: list[dict[str, Any]], start: str = "a") -> Quiz:
    return Quiz.model_validate({"title": "S", "kind": "branching", "start": start, "nodes": nodes})


def step(node_id: str, *choices: tuple[str, int]) -> dict[str, Any]:
    return {
        "id": node_id,
        "speaker": "Customer",
        "says": "…",
        "choices": [{"text": f"to {n}", "next": n, "points": p} for n, p in choices],
    }


def end(node_id: str, ending: str = "pass") -> dict[str, Any]:
    return {"id": node_id, "ending": ending, "summary": "…"}


def test_best_points_is_the_best_path_to_a_pass_ending_not_to_any_ending() -> None:
    quiz = scenario(
        [
            step("a", ("b", 1), ("lost", 9)),
            step("b", ("win", 2), ("c", 0)),
            step("c", ("win", 5)),
            end("win"),
            end("lost", "fail"),
        ]
    )
    assert best_points(quiz) == 6
    assert longest_path(quiz) == 3
    assert loops(quiz) == []


def test_no_pass_ending_reached_scores_zero() -> None:
    assert best_points(scenario([step("a", ("lost", 3)), end("lost", "fail")])) == 0


def test_each_loop_is_named_from_the_node_led_back_to() -> None:
    quiz = scenario([step("a", ("b", 0)), step("b", ("c", 0), ("a", 0)), step("c", ("b", 0), ("win", 0)), end("win")])
    found = [(edge.node, edge.choice, loop) for edge, loop in loops(quiz)]
    assert found == [(1, 1, ["a", "b", "a"]), (2, 0, ["b", "c", "b"])]


def test_a_chain_of_thousands_of_nodes_needs_no_recursion() -> None:
    n = 5000
    quiz = scenario([step(f"n{i}", (f"n{i + 1}", 1)) for i in range(n)] + [end(f"n{n}")], start="n0")
    assert longest_path(quiz) == n
    assert best_points(quiz) == n
    assert len(reachable(quiz)) == n + 1
