"""说明 against the tables of the same document (placeholder, filled below)."""
