"""What time does to a campaign: expiry at its deadline, and the 30-day "still on strike?" question."""
