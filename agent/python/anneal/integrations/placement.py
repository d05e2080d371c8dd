"""Where checkpoints go, and how they come back. File operations only (no ML libraries).

The agent archives ANNEAL_CHECKPOINT_DIR with tar as soon as a checkpoint is announced, while
training goes on. So files there are never rewritten or deleted in place: each arrives under a
temporary name and is renamed over the old one, and the set of file names stays the same from
one checkpoint to the next (the Trainer writes the same files every time).
"""

import json
import os
import shutil
from typing import Any, Dict, List, Optional, Tuple

MANIFEST = "anneal-checkpoint.json"


def relative_files(root: str) -> List[str]:
    out = []
    for base, _, files in os.walk(root):
        for name in files:
            out.append(os.path.relpath(os.path.join(base, name), root))
    return sorted(out)


def _link_or_copy(src: str, dst: str) -> None:
    tmp = dst + ".anneal-tmp"
    if os.path.lexists(tmp):
        os.unlink(tmp)
    try:
        os.link(src, tmp)  # no second copy of the bytes when both are on one file system
    except OSError:
        shutil.copy2(src, tmp)
    os.replace(tmp, dst)


def place_checkpoint(source: str, dest: str, step: int, trial: Optional[str], extra: Optional[Dict[str, Any]] = None) -> List[str]:
    """Mirrors the files of `source` (e.g. output_dir/checkpoint-120) into `dest` by rename, then
    writes the manifest last. Returns the names placed. Files of an earlier checkpoint that this
    one lacks are removed before anything else, so no half-stale set is ever announced."""
    files = relative_files(source)
    keep = set(files) | {MANIFEST}
    for old in relative_files(dest):
        if old not in keep:
            os.unlink(os.path.join(dest, old))
    for rel in files:
        target = os.path.join(dest, rel)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        _link_or_copy(os.path.join(source, rel), target)
    manifest = {"step": int(step), "trial_id": trial, "files": files}
    manifest.update(extra or {})
    tmp = os.path.join(dest, MANIFEST + ".anneal-tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(manifest, f)
    os.replace(tmp, os.path.join(dest, MANIFEST))
    return files


def read_manifest(restore: str) -> Dict[str, Any]:
    path = os.path.join(restore, MANIFEST)
    if not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def restore_kind(manifest: Dict[str, Any], trial: Optional[str]) -> str:
    """'resume' when the checkpoint is this trial's own (its agent was lost), 'exploit' when it is
    another trial's (PBT)."""
    owner = manifest.get("trial_id")
    return "resume" if owner is not None and owner == trial else "exploit"


def exploit_learning_rates(base_lrs: List[float], group_lrs: List[float], parent_lr: Optional[float], own_lr: float) -> Tuple[List[float], List[float]]:
    """A PBT child restores its parent's optimizer and schedule (the Trainer loads the optimizer
    only together with the scheduler), which carry the parent's learning rate. Scaled by
    own_lr / parent_lr, they keep their position in the schedule and the ratios between groups
    (layer decay) but take the child's learning rate. Returns (base_lrs, current group lrs)."""
    if not parent_lr or parent_lr <= 0:
        return list(base_lrs), list(group_lrs)
    factor = own_lr / parent_lr
    return [b * factor for b in base_lrs], [g * factor for g in group_lrs]


def directory_bytes(path: str) -> int:
    return sum(os.path.getsize(os.path.join(path, rel)) for rel in relative_files(path))
