"""Rule family: chars (rules registered on import)."""
