"""Rule family: headings (rules registered on import)."""
