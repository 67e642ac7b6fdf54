"""Rule family: spacing (rules registered on import)."""
