"""Reserved for the mutual_aid domain package (see DESIGN.md)."""
