"""Show-notes pages: Jinja2 environment, view data, JSON-LD and the page writer."""
