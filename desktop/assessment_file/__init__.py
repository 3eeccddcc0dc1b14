"""The assessment file: its schema and migrations, the checks a file passes before it is trusted,
the store every edit goes through, the data fingerprint, attachments and evidence."""
