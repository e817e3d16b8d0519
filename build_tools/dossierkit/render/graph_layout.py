"""A network layout that keeps labels apart: a force-directed layout snapped to a grid of label-sized cells.

Related nodes should be near each other, and no label may cover another.
The first is what a force-directed layout does (Fruchterman and Reingold:
every pair of nodes repels, every edge pulls its ends together); the
second it cannot promise.  So the force layout only decides *where* each
node would like to be, and a grid decides where it goes: the canvas is cut
into cells as wide as the longest label and as tall as a line of text, and
the nodes, most connected first, each take the free cell nearest to their
spot.  One node per cell, its label inside its cell: labels never overlap,
whatever the number of nodes.

The cost is bounded by the number of nodes drawn (the Network page draws
only the most connected ones, :data:`dossierkit.render.graph_network.MAX_NODES`),
never by the size of the dossier.  Everything is deterministic: the start
is a circle in the given order, there is no randomness, and the result is
rounded.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

ITERATIONS = 120
SPARE_CELLS = 1.5  # cells per node: room for the layout's shape


@dataclass(frozen=True)
class Grid:
    """Where each node went: ``cells[id] = (column, row)`` in a grid of ``columns`` by ``rows``."""

    cells: dict[str, tuple[int, int]]
    columns: int
    rows: int


def force_layout(ids: list[str], edges: list[tuple[str, str]], aspect: float) -> dict[str, tuple[float, float]]:
    """Fruchterman-Reingold positions in a box ``aspect`` times wider than tall (unit height)."""
    n = len(ids)
    if n == 0:
        return {}
    index = {node: i for i, node in enumerate(ids)}
    width, height = math.sqrt(n * aspect), math.sqrt(n / aspect)
    k = math.sqrt(width * height / n)
    xs = [width / 2 + width / 3 * math.cos(2 * math.pi * i / n) for i in range(n)]
    ys = [height / 2 + height / 3 * math.sin(2 * math.pi * i / n) for i in range(n)]
    pairs = sorted({(min(index[a], index[b]), max(index[a], index[b])) for a, b in edges if a != b})
    k2 = k * k
    for step in range(ITERATIONS):
        temperature = width / 8 * (1 - step / ITERATIONS) + 0.01
        dx = [0.0] * n
        dy = [0.0] * n
        for i in range(n):
            xi, yi = xs[i], ys[i]
            fx = fy = 0.0
            for j in range(i + 1, n):
                ex, ey = xi - xs[j], yi - ys[j]
                d2 = ex * ex + ey * ey or 1e-6
                f = k2 / d2  # repulsion k²/d, as a vector divided by d once more
                fx += ex * f
                fy += ey * f
                dx[j] -= ex * f
                dy[j] -= ey * f
            dx[i] += fx + (width / 2 - xi) * 0.3  # gravity keeps loose nodes near
            dy[i] += fy + (height / 2 - yi) * 0.3
        for i, j in pairs:
            ex, ey = xs[i] - xs[j], ys[i] - ys[j]
            d = math.sqrt(ex * ex + ey * ey) or 1e-3
            f = d / k  # attraction d²/k, as a vector divided by d
            dx[i] -= ex * f
            dy[i] -= ey * f
            dx[j] += ex * f
            dy[j] += ey * f
        for i in range(n):
            d = math.sqrt(dx[i] * dx[i] + dy[i] * dy[i]) or 1e-9
            move = min(d, temperature) / d
            xs[i] += dx[i] * move
            ys[i] += dy[i] * move
    return {node: (xs[i], ys[i]) for i, node in enumerate(ids)}


def snap_to_grid(positions: dict[str, tuple[float, float]], order: list[str], cell_w: float, cell_h: float,
                 aspect: float) -> Grid:
    """Give each node (in ``order``: most important first) the free cell nearest its position.

    The grid has about :data:`SPARE_CELLS` cells per node and a shape of
    ``aspect`` (width / height, in pixels); empty rows and columns are
    removed afterwards.
    """
    n = len(order)
    if n == 0:
        return Grid({}, 0, 0)
    cells = max(n, math.ceil(n * SPARE_CELLS))
    columns = max(1, min(cells, round(math.sqrt(cells * aspect * cell_h / cell_w))))
    rows = math.ceil(cells / columns)
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    x0, y0 = min(xs), min(ys)
    sx = (columns - 1) / ((max(xs) - x0) or 1)
    sy = (rows - 1) / ((max(ys) - y0) or 1)
    free = {(c, r) for c in range(columns) for r in range(rows)}
    placed: dict[str, tuple[int, int]] = {}
    for node in order:
        x, y = positions[node]
        gx, gy = (x - x0) * sx, (y - y0) * sy
        best = min(free, key=lambda cell: (((cell[0] - gx) * cell_w) ** 2 + ((cell[1] - gy) * cell_h) ** 2, cell))
        free.discard(best)
        placed[node] = best
    used_columns = sorted({c for c, _ in placed.values()})
    used_rows = sorted({r for _, r in placed.values()})
    column_of = {c: i for i, c in enumerate(used_columns)}
    row_of = {r: i for i, r in enumerate(used_rows)}
    return Grid({node: (column_of[c], row_of[r]) for node, (c, r) in placed.items()}, len(used_columns), len(used_rows))


def separate(positions: dict[str, tuple[float, float]], boxes: dict[str, tuple[float, float, float, float]],
             order: list[str], rounds: int = 400) -> dict[str, tuple[float, float]] | None:
    """Move nodes apart until no two boxes overlap; None if that takes more than ``rounds`` passes.

    ``boxes[id] = (left, top, right, bottom)`` is the node's box (its circle
    and label) relative to its position.  Each pass pushes every overlapping
    pair apart along the axis where they overlap least, each by half; a node
    earlier in ``order`` moves less (a quarter), so the most connected keep
    their places.
    """
    pos = {i: list(positions[i]) for i in order}
    rank = {i: k for k, i in enumerate(order)}
    for _ in range(rounds):
        # sweep along x: only boxes whose x-ranges meet can overlap
        spans = sorted(order, key=lambda i: (pos[i][0] + boxes[i][0], i))
        moved = False
        active: list[str] = []
        for i in spans:
            left_i = pos[i][0] + boxes[i][0]
            active = [j for j in active if pos[j][0] + boxes[j][2] > left_i]
            for j in active:
                a, b = pos[i], pos[j]
                ox = min(a[0] + boxes[i][2], b[0] + boxes[j][2]) - max(a[0] + boxes[i][0], b[0] + boxes[j][0])
                oy = min(a[1] + boxes[i][3], b[1] + boxes[j][3]) - max(a[1] + boxes[i][1], b[1] + boxes[j][1])
                if ox <= 0 or oy <= 0:
                    continue
                moved = True
                first, second = (j, i) if rank[j] < rank[i] else (i, j)
                share = (0.25, 0.75)
                if oy * 3 < ox:  # wide, short boxes: part them vertically when that is the smaller move
                    sign = 1 if pos[second][1] >= pos[first][1] else -1
                    pos[first][1] -= sign * (oy + 0.5) * share[0]
                    pos[second][1] += sign * (oy + 0.5) * share[1]
                else:
                    sign = 1 if pos[second][0] >= pos[first][0] else -1
                    pos[first][0] -= sign * (ox + 0.5) * share[0]
                    pos[second][0] += sign * (ox + 0.5) * share[1]
            active.append(i)
        if not moved:
            return {i: (pos[i][0], pos[i][1]) for i in order}
    return None
