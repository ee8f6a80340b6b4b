"""The forms that record decisions and action items (pending until saved)."""
