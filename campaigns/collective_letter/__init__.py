"""A campaign's collective letter: its organizers write it, preview it, download its PDF and mark it
sent; members taking part sign it, by name or not, until it is sent."""
