"""Node positions computed in Python, so that the browser only draws.

Each connected component is laid out on its own: a small one with networkx's
spring layout, a large one with a force layout whose repulsion is approximated
on a coarse grid (networkx's own spring layout needs scipy for large graphs and
is quadratic either way). The components are then packed in rows, largest
first. Seeded: the same graph gets the same positions on every run.
"""

from __future__ import annotations

import math
from typing import Iterable, Sequence

import networkx as nx
import numpy as np

SMALL_COMPONENT = 400  # up to this many nodes, networkx's dense spring layout is fast enough
# ... but it costs n^2 per iteration and component: a view spends at most this much of n^2 on it
# (largest components first; components of up to TINY nodes always get it), the rest the grid layout.
DENSE_BUDGET = SMALL_COMPONENT ** 2
TINY = 30
SPACING = 90.0  # pixels between neighbouring nodes, roughly


def layout(node_ids: Sequence[str], edges: Iterable[tuple[str, str]], seed: int = 7,
           iterations: int = 40) -> dict[str, tuple[float, float]]:
    """Pixel positions for every node; components packed side by side."""
    graph = nx.Graph()
    graph.add_nodes_from(node_ids)
    graph.add_edges_from((a, b) for a, b in edges if a != b)
    components = sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c[0]))
    placed: list[tuple[list[str], np.ndarray]] = []
    budget = DENSE_BUDGET
    for members in components:
        # A fresh graph rather than graph.subgraph(): a subgraph view may iterate its nodes in set
        # order, which changes with Python's string hashing from run to run.
        sub = nx.Graph()
        sub.add_nodes_from(members)
        sub.add_edges_from(graph.edges(members))
        if len(members) == 1:
            coords = np.zeros((1, 2))
        elif len(members) <= TINY or (len(members) <= SMALL_COMPONENT and len(members) ** 2 <= budget):
            budget -= len(members) ** 2 if len(members) > TINY else 0
            # More iterations than a large graph gets: cheap at this size, and hubs untangle.
            found = nx.spring_layout(sub, k=1.6 / math.sqrt(len(members)), seed=seed,
                                     iterations=max(iterations, 150))
            coords = _separate(np.array([found[m] for m in members]))
        else:
            coords = grid_force_layout(members, sub.edges(), seed=seed, iterations=iterations)
        placed.append((members, _normalise(coords, len(members))))
    return _pack(placed)


def _separate(coords: np.ndarray, rounds: int = 30) -> np.ndarray:
    """Push apart nodes that sit closer than a fraction of the typical spacing (small components only:
    all pairs), so that a hub's leaves do not pile up on one another."""
    n = len(coords)
    minimum = 0.6 * float(np.ptp(coords, axis=0).max()) / math.sqrt(n)
    for _ in range(rounds):
        delta = coords[:, None, :] - coords[None, :, :]
        distance = np.sqrt((delta ** 2).sum(axis=2)) + np.eye(n)
        overlap = np.clip(minimum - distance, 0, None) * (1 - np.eye(n))
        if not overlap.any():
            break
        coords = coords + (delta / distance[:, :, None] * overlap[:, :, None]).sum(axis=1) * 0.5
    return coords


def _normalise(coords: np.ndarray, size: int) -> np.ndarray:
    """Scale a component to an area proportional to its node count."""
    coords = coords - coords.mean(axis=0)
    extent = float(np.abs(coords).max()) or 1.0
    return coords / extent * SPACING * math.sqrt(size) * 0.75


def _pack(placed: list[tuple[list[str], np.ndarray]]) -> dict[str, tuple[float, float]]:
    """Shelf packing: rows of components, each row no wider than the largest component's square."""
    if not placed:
        return {}
    boxes = [(c.min(axis=0), c.max(axis=0)) for _, c in placed]
    total_area = sum(float(np.prod(hi - lo + SPACING)) for lo, hi in boxes)
    row_width = max(math.sqrt(total_area) * 1.2, float((boxes[0][1] - boxes[0][0])[0]) + SPACING)
    positions: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for (members, coords), (lo, hi) in zip(placed, boxes):
        width, height = (hi - lo) + SPACING
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        shifted = coords - lo + np.array([x, y])
        for member, (px, py) in zip(members, shifted):
            positions[member] = (round(float(px), 1), round(float(py), 1))
        x += width
        row_height = max(row_height, height)
    return positions


def grid_force_layout(members: Sequence[str], edges: Iterable[tuple[str, str]], seed: int = 7,
                      iterations: int = 40) -> np.ndarray:
    """Fruchterman-Reingold with repulsion from grid cells (their node count at their centroid).

    O(n + cells log cells) per iteration instead of O(n^2).
    """
    index = {m: i for i, m in enumerate(members)}
    n = len(members)
    pairs = np.array([(index[a], index[b]) for a, b in edges], dtype=np.int64).reshape(-1, 2)
    rng = np.random.default_rng(seed)
    side = math.sqrt(n)
    pos = rng.uniform(0, side, size=(n, 2))
    cells_per_side = max(16, min(256, int(math.sqrt(n) * 1.5)))
    temperature = side / 8
    for step in range(iterations):
        force = _grid_repulsion(pos, cells_per_side)
        if len(pairs):
            delta = pos[pairs[:, 0]] - pos[pairs[:, 1]]
            distance = np.linalg.norm(delta, axis=1, keepdims=True) + 1e-9
            pull = delta * distance  # FR attraction d^2/k along the edge, with k = 1
            np.add.at(force, pairs[:, 0], -pull)
            np.add.at(force, pairs[:, 1], pull)
        length = np.linalg.norm(force, axis=1, keepdims=True) + 1e-9
        pos += force / length * np.minimum(length, temperature)
        temperature = side / 8 * (1 - (step + 1) / (iterations + 1)) + 0.05
    return pos


def _grid_repulsion(pos: np.ndarray, cells_per_side: int) -> np.ndarray:
    """Repulsion k^2/d from every other node, as a convolution of the node density with the
    force kernel on a grid (by FFT): a node feels the grid cells, not each node."""
    size = cells_per_side
    lo = pos.min(axis=0)
    cell = float((pos.max(axis=0) - lo).max()) / (size - 1) + 1e-9
    grid_index = np.minimum(np.rint((pos - lo) / cell).astype(np.int64), size - 1)
    density = np.zeros((2 * size, 2 * size))
    np.add.at(density, (grid_index[:, 0], grid_index[:, 1]), 1.0)
    offsets = np.fft.fftfreq(2 * size, d=1.0 / (2 * size)) * cell  # 0, 1, ..., -1 cells, in coordinates
    dx, dy = np.meshgrid(offsets, offsets, indexing="ij")
    squared = dx ** 2 + dy ** 2
    squared[0, 0] = np.inf  # no force from a node's own cell onto itself
    spectrum = np.fft.rfft2(density)
    field = [np.fft.irfft2(spectrum * np.fft.rfft2(d / squared), s=density.shape) for d in (dx, dy)]
    gx, gy = grid_index[:, 0], grid_index[:, 1]
    far = np.stack([field[0][gx, gy], field[1][gx, gy]], axis=1)
    # Nodes sharing a cell feel no force from one another above: push them off their common centroid.
    flat = gx * size + gy
    count = np.bincount(flat, minlength=size * size)
    centre = np.stack([np.bincount(flat, weights=pos[:, k], minlength=size * size) for k in (0, 1)], 1)
    offset = pos - centre[flat] / count[flat, None]
    near = offset * ((count[flat] - 1) / ((offset ** 2).sum(axis=1) + (cell * 0.1) ** 2))[:, None]
    return far + near
