"""Text layer: decoding page bytes and repairing text, as pure functions."""
