"""Reserved for the campaigns domain package (see DESIGN.md)."""
