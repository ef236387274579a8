"""A member's account settings: language, password, email address and its confirmation, and
where they are logged in."""
