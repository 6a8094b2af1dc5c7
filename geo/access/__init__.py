"""Who may write: password hashes, editor sessions and the sign-in throttle."""
