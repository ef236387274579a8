"""A member's notifications: the list of what Jubilee told them, and marking it read."""
