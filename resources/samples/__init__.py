"""The bundled sample exercise: its article, the text as it came in, its metadata and answer key."""
