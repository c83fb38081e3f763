"""Accounts: the user model, sign-up and the demo users."""
