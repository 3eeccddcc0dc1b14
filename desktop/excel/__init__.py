"""Excel in and out (openpyxl, loaded on first use): reading the tables provinces circulate into a
criteria set and values, and exporting the plan appendix and the self-assessment table."""
