"""The item catalogue: create, list, look up, per-item statistics."""
