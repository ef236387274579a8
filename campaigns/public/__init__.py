"""A campaign's public page, its embed snippet and counter.json, and the figures they may show."""
