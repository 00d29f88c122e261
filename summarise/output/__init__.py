"""What leaves the database for people and other tools: export, stats, the summary."""
