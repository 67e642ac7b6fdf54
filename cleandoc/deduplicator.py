"""Deduplicator: collapses LLM loops of repeated items and paragraphs."""
