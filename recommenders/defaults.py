"""Default settings that config.py exposes; kept import-light (no NumPy) on purpose."""

from __future__ import annotations

# The hybrid's blend (strategy name -> weight), chosen on the validation split of both real
# data sets (docs/recommenders.md); config.Settings.hybrid_weights starts from it.
DEFAULT_HYBRID_WEIGHTS: dict[str, float] = {"ease": 0.6, "item_cf": 0.3, "content": 0.1}
