"""Layer-wise learning-rate decay as optimizer parameter groups (pure; no torch needed).

With decay d and L layers, layer i (1..L, embeddings are 0) learns at lr * d**(L + 1 - i), and
what comes after the last layer (final norm, heads) at the full lr: the layers nearest the
input, which hold the most general features, change least in fine-tuning.
"""

import re
from typing import Dict, Iterable, List, Optional, Pattern, Tuple, Union

DEFAULT_LAYER_PATTERN = r"(?:^|\.)(?:layers|blocks|h|layer)\.(\d+)\."
EMBEDDING_PATTERN = re.compile(r"(?:^|\.)(?:embed_tokens|wte|wpe|tok|pos|embeddings?|embed_positions)(?:\.|$)")


def layer_index(name: str, num_layers: int, pattern: Union[str, Pattern[str]] = DEFAULT_LAYER_PATTERN) -> int:
    """0 for embeddings, i + 1 for transformer layer i, num_layers + 1 for everything after."""
    m = re.search(pattern, name)
    if m:
        return int(m.group(1)) + 1
    if EMBEDDING_PATTERN.search(name):
        return 0
    return num_layers + 1


def decays_weight(name: str, ndim: int) -> bool:
    """Weight decay for matrices only: not biases, norms or other vectors."""
    return ndim >= 2 and "norm" not in name.lower()


def layer_decay_groups(
    named: Iterable[Tuple[str, int]],
    num_layers: int,
    lr: float,
    weight_decay: float,
    decay: Optional[float] = 1.0,
    pattern: Union[str, Pattern[str]] = DEFAULT_LAYER_PATTERN,
    per_layer: bool = False,
) -> List[Dict[str, object]]:
    """Groups (name, ndim) pairs into optimizer groups: {'names', 'lr', 'lr_scale', 'weight_decay'}.

    Bind names to tensors yourself: [{'params': [p[n] for n in g['names']], 'lr': g['lr'], ...}].
    decay 1.0 (or None) gives one group per weight-decay setting, unless `per_layer`: then there is
    one group per layer and weight-decay setting whatever the decay, so an optimizer state saved
    under one decay loads under another (a PBT child that perturbs layer_decay, say).
    """
    d = 1.0 if decay is None else float(decay)
    if not 0.0 < d <= 1.0:
        raise ValueError("layer_decay must be in (0, 1], got %r" % (decay,))
    groups: Dict[Tuple[float, bool], Dict[str, object]] = {}
    for name, ndim in named:
        index = layer_index(name, num_layers, pattern)
        scale = d ** (num_layers + 1 - index)
        wd = decays_weight(name, ndim)
        # The key orders groups from the input up in both cases (scale grows with depth when d < 1).
        key = (float(index) if per_layer else scale, wd)
        g = groups.setdefault(key, {"names": [], "lr": lr * scale, "lr_scale": scale, "weight_decay": weight_decay if wd else 0.0})
        g["names"].append(name)  # type: ignore[union-attr]
    return [groups[k] for k in sorted(groups, key=lambda k: (k[0], k[1]))]
