"""Pages of business accounts under /business/ (split by capability)."""
