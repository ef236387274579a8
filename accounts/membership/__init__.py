"""Joining, logging in and out, and recovering an account with the recovery code; the throttle on
failed log-ins."""
