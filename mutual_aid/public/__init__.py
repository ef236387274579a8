"""A pool's public page: its rules in words, its balance, and figures that hide small groups."""
