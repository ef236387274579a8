"""The counters every pledge moves: pledging and withdrawing, activation at the threshold, the
published figures, `jubilee recount`, and the SQL the other parts share about campaigns and pledges."""
