"""Aid requests: asking, who decides and how (secret ballots), decisions and their deadlines."""
