"""Plan stage (pure, no I/O): every dist path and URL, chapter spans, the GUID guard."""
