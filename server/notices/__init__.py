"""Telling members what happened: kinds of notification, `notify()` (an in-app notice and, for a
confirmed address, an email), and the email outbox with its background sender."""
