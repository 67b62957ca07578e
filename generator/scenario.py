"""A branching scenario as a graph: which nodes a path reaches, where it loops, the best score.

Pure functions of a valid ``Quiz`` of kind 'branching'. ``checks.py`` words
what they find as errors; the renderer shows the best possible points.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import Node, Quiz


@dataclass(frozen=True)
class Edge:
    """One choice: from which node (by position), which choice (by position), to which node id."""

    node: int
    choice: int
    target: str


def nodes_by_id(quiz: Quiz) -> dict[str, Node]:
    """The scenario's nodes by id; the first of two nodes with one id wins."""
    out: dict[str, Node] = {}
    for node in quiz.nodes or []:
        out.setdefault(node.id, node)
    return out


def reachable(quiz: Quiz) -> set[str]:
    """The ids of the nodes some path from 'start' reaches ('start' included, when it names a node)."""
    order, _ = _walk(quiz)
    return set(order)


def _walk(quiz: Quiz) -> tuple[list[str], dict[tuple[int, int], list[str]]]:
    """A depth-first walk from 'start' (with a stack, not recursion: a file may hold thousands of nodes).

    Returns the reached node ids, each after every node it leads to, and each
    choice (node position, choice position) that leads back to a node on the
    path to it, with the loop it closes.
    """
    known = nodes_by_id(quiz)
    position = {node.id: n for n, node in reversed(list(enumerate(quiz.nodes or [])))}
    order: list[str] = []
    back: dict[tuple[int, int], list[str]] = {}
    if quiz.start not in known:
        return order, back
    finished: set[str] = set()
    path = [quiz.start]
    on_path = {quiz.start}
    next_choice = [0]
    while path:
        current = path[-1]
        choices = known[current].choices or []
        c = next_choice[-1]
        if c == len(choices):
            path.pop()
            next_choice.pop()
            on_path.discard(current)
            finished.add(current)
            order.append(current)
            continue
        next_choice[-1] += 1
        target = choices[c].next
        if target in on_path:
            back.setdefault((position[current], c), [*path[path.index(target) :], target])
        elif target in known and target not in finished:
            path.append(target)
            on_path.add(target)
            next_choice.append(0)
    return order, back


def loops(quiz: Quiz) -> list[tuple[Edge, list[str]]]:
    """Each choice that leads back to a node already on the path to it, with the loop it closes.

    The loop is the node ids from the one led back to, round to it again:
    ['opening', 'calmer', 'opening'].
    """
    _, back = _walk(quiz)
    return [(Edge(n, c, loop[-1]), loop) for (n, c), loop in sorted(back.items())]


def best_points(quiz: Quiz) -> int:
    """The highest sum of points on a path from 'start' to a pass ending (0 if none); for a graph without loops."""
    known = nodes_by_id(quiz)
    order, _ = _walk(quiz)
    best: dict[str, int | None] = {}
    for node_id in order:
        node = known[node_id]
        if node.is_ending:
            best[node_id] = 0 if node.ending == "pass" else None
            continue
        sums = [c.points + rest for c in node.choices or [] if (rest := best.get(c.next)) is not None]
        best[node_id] = max(sums) if sums else None
    return best.get(quiz.start or "") or 0


def longest_path(quiz: Quiz) -> int:
    """The most replies a learner can pick before an ending; for a graph without loops."""
    known = nodes_by_id(quiz)
    order, _ = _walk(quiz)
    steps: dict[str, int] = {}
    for node_id in order:
        nexts = [steps[c.next] for c in known[node_id].choices or [] if c.next in steps]
        steps[node_id] = 1 + max(nexts) if nexts else 0
    return steps.get(quiz.start or "", 0)
