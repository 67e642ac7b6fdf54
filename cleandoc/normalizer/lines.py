"""Rule family: lines (rules registered on import)."""
