"""Rule family: punctuation (rules registered on import)."""
