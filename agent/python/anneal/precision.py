"""mixed_precision: no | fp16 | bf16, decided without importing torch (so it is testable anywhere)."""

from typing import NamedTuple, Optional

from .errors import AnnealError

CHOICES = ("no", "fp16", "bf16")


class PrecisionPlan(NamedTuple):
    """autocast: None (fp32), 'float16' or 'bfloat16'; grad_scaler: fp16 needs loss scaling;
    note: why the plan differs from what was asked, or None."""

    autocast: Optional[str]
    grad_scaler: bool
    note: Optional[str]

    @property
    def name(self) -> str:
        return {None: "no", "float16": "fp16", "bfloat16": "bf16"}[self.autocast]


def precision_plan(mixed_precision: Optional[str], device_type: str, bf16_supported: bool) -> PrecisionPlan:
    """What to run for `mixed_precision` on `device_type` ('cuda' or 'cpu').

    fp16 needs CUDA (loss scaling, kernels): elsewhere it runs in fp32 and says so, rather than
    failing the trial, since a sweep may well try fp16 on a CPU test box. bf16 runs on CUDA
    devices that support it and on CPUs; on older GPUs (before Ampere) it falls back to fp16.
    """
    mp = "no" if mixed_precision in (None, False, "", "fp32", "no") else str(mixed_precision).lower()
    if mp not in CHOICES:
        raise AnnealError("BAD_ARGUMENT", "mixed_precision must be one of %s, got %r" % ("|".join(CHOICES), mixed_precision))
    if mp == "no":
        return PrecisionPlan(None, False, None)
    if mp == "fp16":
        if device_type != "cuda":
            return PrecisionPlan(None, False, "fp16 needs a CUDA GPU; running in fp32 on %s" % device_type)
        return PrecisionPlan("float16", True, None)
    if device_type == "cuda" and not bf16_supported:
        return PrecisionPlan("float16", True, "this GPU has no bf16; running fp16 with loss scaling")
    return PrecisionPlan("bfloat16", False, None)
