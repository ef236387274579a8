"""A member's control over their data (DESIGN.md, privacy model 5): what Jubilee holds, the
download of all of it, the log of what others did to their account, and erasure."""
