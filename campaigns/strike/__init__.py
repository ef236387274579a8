"""What a member answers once the strike is on: "I am in", the check-in, stopping, and reports of retaliation."""
