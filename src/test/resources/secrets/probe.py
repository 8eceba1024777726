"""Reads secrets through the Python template's secret.py, as a handler would, and prints their lengths (never a value)."""
from secret import SecretError, secret

try:
    secret("DENIED")
    denied = "read"
except SecretError as error:
    denied = str(error)
print(f"db={len(secret('DB_PASSWORD'))} key={len(secret('SIGNING_KEY'))} denied={denied}")
