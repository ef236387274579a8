"""The pool's book: an append-only, balanced, double-entry ledger, and the stewards' pages of it."""
