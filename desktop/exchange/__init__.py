"""What travels between files: last year's results carried into this year's file."""
