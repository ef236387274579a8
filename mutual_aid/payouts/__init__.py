"""Paying approved requests: the plan of what to send, "I sent this", "I received it", corrections."""
