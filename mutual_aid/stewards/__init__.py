"""The stewards' page of a pool: members asking to join, the members and their stewards, the
invitation link, closing and reopening."""
