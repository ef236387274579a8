"""What members put into a pool: what each owes, a declared income, "I paid", and the stewards'
confirmation, decline and reversal; the monthly reminders."""
