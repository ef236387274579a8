"""Reserved for the letters domain package (see DESIGN.md)."""
