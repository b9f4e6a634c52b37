"""The generated methods of each provider's clients (scripts/generate.py; do not edit)."""
