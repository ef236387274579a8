"""Reserved for the debts domain package (see DESIGN.md)."""
